from django.urls import path

from dashboards import compare, views

urlpatterns = [
    path("", views.home, name="home"),
    path("profile/<str:code>/", views.profile, name="profile"),
    path("compare/", compare.compare, name="compare"),
]
