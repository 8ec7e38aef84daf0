"""Why a write to a quarterly report was refused. Each maps to one HTTP status
in the API (400, 403, 409) and carries a Vietnamese message for the pages."""

from django.utils.translation import gettext as _


class ReportError(Exception):
    status_code = 409

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ReportForbidden(ReportError):
    status_code = 403


class ReportInvalid(ReportError):
    """Validation failed; ``errors`` and ``warnings`` are Issues naming the field.
    When only warnings are left, the caller may confirm them and save again."""

    status_code = 400

    def __init__(self, errors: list, warnings: list, message: str = ""):
        super().__init__(message or _("Số liệu chưa hợp lệ, xem thông báo ở từng ô."))
        self.errors = errors
        self.warnings = warnings

    @property
    def needs_confirmation(self) -> bool:
        return not self.errors and bool(self.warnings)


class ReportNotEditable(ReportError):
    """Approved, submitted, or in a locked period: the figures cannot change now."""


class ReportConflict(ReportError):
    """Someone else wrote the report since it was read; ``changes`` are their
    audit rows, oldest first."""

    def __init__(self, message: str, *, report, changes: list):
        super().__init__(message)
        self.report = report
        self.changes = changes


class ImportConflict(ReportError):
    """A batch (an Excel import) that cannot be written as previewed: nothing was written."""
