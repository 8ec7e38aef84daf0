from django.db import models
from django.utils.translation import gettext_lazy as _


class Dataset(models.TextChoices):
    RANKINGS = "rankings", _("Xếp hạng chỉ số CCHC")
    VALUES = "values", _("Số liệu đã duyệt theo đơn vị và quý")
    RECOMMENDATIONS = "recommendations", _("Sổ theo dõi kiến nghị")
    OVERVIEW = "overview", _("Bảng tổng quan giám sát (như trên màn hình)")


class Format(models.TextChoices):
    XLSX = "xlsx", _("Excel (.xlsx)")
    CSV = "csv", _("CSV (UTF-8)")


class Channel(models.TextChoices):
    PAGE = "page", _("Tải trực tiếp trên cổng")
    JOB = "job", _("Tác vụ nền")
    COMMAND = "command", _("Lệnh quản trị")
