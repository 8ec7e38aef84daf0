from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """The supervision's official documents (Nghị quyết 594/NQ-UBTVQH15), drafted
    from what the portal holds, in the format of Nghị định 30/2020/NĐ-CP: DOCX
    from a Word template per kind (an admin may replace it) and PDF from an HTML
    rendering. A draft can be generated again; an issued document keeps its
    number, date and files for good."""

    name = "documents"
    verbose_name = "Văn bản giám sát"
