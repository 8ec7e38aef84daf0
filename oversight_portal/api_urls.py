from rest_framework.routers import DefaultRouter

from digital_metrics.api import IndicatorViewSet
from wards.api import UnitViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("indicators", IndicatorViewSet, basename="indicator")

urlpatterns = router.urls
