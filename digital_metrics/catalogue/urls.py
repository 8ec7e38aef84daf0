from django.urls import path

from digital_metrics.catalogue import views

app_name = "digital_metrics"
urlpatterns = [
    path("indicators/", views.indicator_list, name="indicator_list"),
]
