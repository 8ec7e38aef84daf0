from django.urls import path

from supervision import views
from supervision.models import Evidence, SupervisionDocument

app_name = "supervision"
urlpatterns = [
    path("", views.supervision_list, name="list"),
    path("new/", views.supervision_create, name="create"),
    path("<int:pk>/", views.supervision_detail, name="detail"),
    path("<int:pk>/edit/", views.supervision_edit, name="edit"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("<int:pk>/recommendations/new/", views.recommendation_add, name="recommendation_add"),
    path("documents/<int:pk>/", views.file_download, {"model": SupervisionDocument}, name="document"),
    path("evidence/<int:pk>/", views.file_download, {"model": Evidence}, name="evidence"),
    path("recommendations/", views.recommendation_list, name="recommendations"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path("recommendations/<int:pk>/edit/", views.recommendation_edit, name="recommendation_edit"),
    path("recommendations/<int:pk>/progress/", views.progress_add, name="progress"),
    path("recommendations/<int:pk>/verify/", views.verify, name="verify"),
]
