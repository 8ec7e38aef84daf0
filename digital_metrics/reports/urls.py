from django.urls import path

from digital_metrics.reports import views as report_views
from digital_metrics.reports.excel import pipeline
from digital_metrics.reports.excel import views as excel_views
from digital_metrics.reports.excel.values import ValuesImporter

app_name = "reports"
urlpatterns = [
    path("review/", report_views.review_list, name="review"),
    path("periods/", report_views.periods, name="periods"),
    *pipeline.urls(ValuesImporter(), "import/"),
    path("excel/<year:year>/<quarter:quarter>/", excel_views.template_many, name="excel_many"),
    path("<str:code>/<year:year>/<quarter:quarter>/", report_views.report_detail, name="detail"),
    path("<str:code>/<year:year>/<quarter:quarter>/edit/", report_views.report_edit, name="edit"),
    path("<str:code>/<year:year>/<quarter:quarter>/print/", report_views.report_print, name="print"),
    path(
        "<str:code>/<year:year>/<quarter:quarter>/submit/", report_views.report_step, {"step": "submit"}, name="submit"
    ),
    path(
        "<str:code>/<year:year>/<quarter:quarter>/approve/",
        report_views.report_step,
        {"step": "approve"},
        name="approve",
    ),
    path(
        "<str:code>/<year:year>/<quarter:quarter>/return/", report_views.report_step, {"step": "return"}, name="return"
    ),
    path(
        "<str:code>/<year:year>/<quarter:quarter>/reopen/", report_views.report_step, {"step": "reopen"}, name="reopen"
    ),
    path("<str:code>/<year:year>/<quarter:quarter>/excel/", excel_views.template_unit, name="excel_unit"),
]
