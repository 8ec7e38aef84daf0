from django.urls import path

from par_index import views

app_name = "par_index"

urlpatterns = [
    path("", views.index, name="index"),
    path("frameworks/", views.framework_list, name="framework_list"),
    path("frameworks/<int:pk>/", views.framework_edit, name="framework_edit"),
    path("frameworks/<int:pk>/criteria/new/", views.criterion_edit, name="criterion_new"),
    path("frameworks/<int:pk>/criteria/<int:criterion_pk>/", views.criterion_edit, name="criterion_edit"),
    path("runs/", views.runs, name="runs"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("<str:scope>/<year:year>/", views.ranking, name="ranking"),
    # Before the unit pages: "publish" and "announce" are not unit codes.
    path("<str:scope>/<year:year>/publish/", views.ranking_publish, name="ranking_publish"),
    path("<str:scope>/<year:year>/announce/", views.ranking_announce, name="ranking_announce"),
    path("<str:scope>/<year:year>/<str:code>/", views.breakdown, name="breakdown"),
    path("<str:scope>/<year:year>/<str:code>/self-assessment/", views.scores, {"mode": "self"}, name="self_assessment"),
    path("<str:scope>/<year:year>/<str:code>/appraisal/", views.scores, {"mode": "appraisal"}, name="appraisal"),
]
