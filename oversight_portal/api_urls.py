from django.urls import path
from rest_framework.routers import DefaultRouter

from dashboards.api import ProfileView
from digital_metrics.catalogue.api import IndicatorViewSet
from digital_metrics.reports import api as report_api
from onestop.api import BatchView
from par_index.api import RankingDetailView, RankingListView
from public.api import PublicFiguresView, PublicRankingsView, PublicRecommendationsView
from supervision.api import RecommendationViewSet, SupervisionViewSet
from wards.api import UnitViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("supervisions", SupervisionViewSet, basename="supervision")
router.register("recommendations", RecommendationViewSet, basename="recommendation")

# Quarterly reports are addressed by unit code and period, not by id: explicit paths.
urlpatterns = (
    router.urls
    + report_api.urlpatterns
    + [
        path("profiles/<str:code>/", ProfileView.as_view(), name="api-profile"),
        path("onestop/batches/", BatchView.as_view(), name="onestop-batches"),
        path("rankings/", RankingListView.as_view(), name="ranking-list"),
        path("rankings/<str:scope>/<year:year>/<str:unit_code>/", RankingDetailView.as_view(), name="ranking-detail"),
        # Open data, no authentication: what the councils published (public/).
        path("public/rankings/", PublicRankingsView.as_view(), name="public-rankings"),
        path("public/figures/", PublicFiguresView.as_view(), name="public-figures"),
        path("public/recommendations/", PublicRecommendationsView.as_view(), name="public-recommendations"),
    ]
)
