class ReadOnlyAdminMixin:
    """For ModelAdmin and inline classes: browse only.

    Used where the portal's services are the only writers (quarterly reports,
    PAR frameworks and scores): they check versions, workflow, locks and
    immutability, mark rankings stale and audit every change, all of which an
    admin form would bypass.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
