from django.urls import path

from procedures import views

app_name = "procedures"
urlpatterns = [
    path("", views.procedure_list, name="procedure_list"),
    path("activity/import/", views.activity_import, name="activity_import"),
    path("activity/import/<str:token>/", views.activity_confirm, name="activity_confirm"),
    path("dossiers/<str:code>/<int:year>/<int:quarter>/", views.dossier_breakdown, name="dossiers"),
]
