from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("dashboards.urls")),
    path("units/", include("wards.urls")),
    path("catalogue/", include("digital_metrics.catalogue.urls")),
    path("procedures/", include("procedures.urls")),
    path("par/", include("par_index.urls")),
    path("supervision/", include("supervision.urls")),
    path("supervision/", include("documents.urls")),
    path("reports/", include("digital_metrics.reports.urls")),
    path("exports/", include("exports.urls")),
    path("jobs/", include("jobs.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("oversight_portal.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
