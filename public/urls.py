from django.urls import path, re_path

from public import views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("data/", views.data_index, name="data_index"),
    re_path(r"^data/(?P<dataset>[a-z]+)\.(?P<fmt>csv|json)$", views.data, name="data"),
    path("documents/<int:pk>.pdf", views.paper_pdf, name="paper"),
    path("manage/", views.manage_page, name="manage"),
    path("manage/publish/", views.manage_publish, name="publish"),
    path("manage/<int:pk>/withdraw/", views.manage_withdraw, name="withdraw"),
    path("<int:pk>/", views.body, name="body"),
    path("<int:pk>/<str:code>/", views.unit, name="unit"),
]
