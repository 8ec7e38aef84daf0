from django import forms
from django.conf import settings
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from core.dates import today
from digital_metrics.choices import ReportStatus
from digital_metrics.models import QuarterlyReport
from exports.access import exportable_scopes
from exports.choices import Format
from exports.datasets import DATASETS
from par_index.models import UnitResult
from wards.access import access_for
from wards.models import AdministrativeUnit

COUNTRY = "country"


def latest_year_with_data() -> int | None:
    """The latest year with a computed ranking, else with an approved report; None when there is neither."""
    ranked = UnitResult.objects.aggregate(y=Max("framework__year"))["y"]
    if ranked:
        return ranked
    return QuarterlyReport.objects.filter(status=ReportStatus.APPROVED).aggregate(y=Max("year"))["y"]


class ExportForm(forms.Form):
    dataset = forms.ChoiceField(label=_("Dữ liệu"), choices=[(d.value, d.label) for d in DATASETS])
    format = forms.ChoiceField(label=_("Định dạng"), choices=Format.choices, initial=Format.XLSX)
    scope = forms.ChoiceField(label=_("Phạm vi"))
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False, empty_value=None)
    quarter = forms.TypedChoiceField(
        label=_("Quý"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("Cả năm")), (1, "I"), (2, "II"), (3, "III"), (4, "IV")],
        help_text=_("Chỉ dùng khi xuất số liệu theo quý."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scopes = [(str(u.pk), self._label(u)) for u in exportable_scopes(user)]
        if access_for(user).is_superuser:
            scopes.insert(0, (COUNTRY, _("Cả nước")))
        self.fields["scope"].choices = scopes
        years = range(today().year, settings.REPORTING_FIRST_YEAR - 1, -1)
        self.fields["year"].choices = [("", _("Mọi năm (chỉ với sổ kiến nghị)"))] + [(y, str(y)) for y in years]
        # The first dataset (the ranking) needs a year: offer the latest one that has data, so that
        # the form as it opens exports something instead of answering "choose a year".
        self.fields["year"].initial = latest_year_with_data()

    @staticmethod
    def _label(unit) -> str:
        if unit.valid_to:
            return _("%(name)s (đến %(end)s)") % {"name": unit.name, "end": unit.valid_to.strftime("%d/%m/%Y")}
        return unit.name

    def clean_scope(self):
        value = self.cleaned_data["scope"]
        if value == COUNTRY:
            return None
        unit = AdministrativeUnit.objects.filter(pk=value).first()
        if unit is None:
            raise forms.ValidationError(_("Phạm vi: không tìm thấy đơn vị."))
        return unit
