from django.urls import path

from dashboards import compare, overview_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("profile/<str:code>/", views.profile, name="profile"),
    path("compare/", compare.compare, name="compare"),
    path("overview/download/<str:fmt>/", overview_views.overview_download, name="overview_download"),
]
