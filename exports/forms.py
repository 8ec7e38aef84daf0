from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.dates import today
from exports.access import exportable_scopes
from exports.choices import Format
from exports.datasets import DATASETS
from wards.access import access_for
from wards.models import AdministrativeUnit

COUNTRY = "country"


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
