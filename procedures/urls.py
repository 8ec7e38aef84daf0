from django.urls import path

from digital_metrics.reports.excel import pipeline
from procedures import views
from procedures.activity_import import ActivityImporter

app_name = "procedures"
urlpatterns = [
    path("", views.procedure_list, name="procedure_list"),
    *pipeline.urls(ActivityImporter(), "activity/import/"),
    path("activity/<str:code>/<year:year>/<quarter:quarter>/excel/", views.activity_excel, name="activity_excel"),
    path("dossiers/<str:code>/<year:year>/<quarter:quarter>/", views.dossier_breakdown, name="dossiers"),
]
