from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("<int:pk>/papers/", views.paper_list, name="list"),
    path("<int:pk>/papers/generate/", views.paper_generate, name="generate"),
    path("papers/<int:pk>/issue/", views.paper_issue, name="issue"),
    path("papers/<int:pk>/<str:fmt>/", views.paper_file, name="file"),
]
