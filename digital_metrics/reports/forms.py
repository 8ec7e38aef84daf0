"""The quarterly entry form: one field per entered indicator, in sections.

Fields are text inputs so that a clerk may type "2.531" or "58,06" the way the
page's language writes numbers, or a bound ("trên 98%"). A stored value is
shown by the same function as the previous quarter's (``shown``) and read
back by the same rule (core.numbers), so re-saving never changes it. Parsing
and every rule run in digital_metrics.catalogue.validation through the save
service, and its Issues are attached back to the fields here.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.limits import NOTE_CHARS
from core.numbers import format_number, format_percent
from digital_metrics.choices import Bound, Section, ValueType
from digital_metrics.models import Indicator


def shown(ind: Indicator, rv) -> str:
    """A stored value as the clerk reads and types it, in the page's language:
    2.531, 82,05%, trên 98%, a text (core.numbers reads it back unchanged)."""
    if rv is None:
        return ""
    if ind.value_type == ValueType.TEXT:
        return rv.text_value
    if rv.value is None:
        return ""
    text = format_percent(rv.value) if ind.value_type == ValueType.RATE else format_number(rv.value)
    return f"{Bound(rv.bound).label} {text}" if rv.bound else text


class ReportForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=gettext_lazy("Ghi chú của đơn vị"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=NOTE_CHARS,
        help_text=gettext_lazy("Giải thích số liệu bất thường, nguồn số liệu…"),
    )
    confirm_warnings = forms.BooleanField(
        label=gettext_lazy("Tôi đã kiểm tra các số liệu có cảnh báo và xác nhận chúng đúng."), required=False
    )

    def __init__(
        self,
        *args,
        indicators: list[Indicator],
        previous: dict,
        show_confirm: bool = False,
        locked_codes=(),
        **kwargs,
    ):
        """``previous``: the previous quarter's ReportValues by code, shown beside each field."""
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        entered = [i for i in indicators if i.is_entered]
        self.codes = [i.code for i in entered]
        for ind in entered:
            before = shown(ind, previous.get(ind.code))
            help_parts = [ind.hint_text] if ind.hint_text else []
            help_parts.append(_("Quý trước: %(value)s") % {"value": before} if before else _("Quý trước: chưa có"))
            attrs = {"data-code": ind.code, "autocomplete": "off"}
            if ind.value_type != ValueType.TEXT:
                attrs.update({"inputmode": "decimal", "class": "text-end"})
            if ind.is_total:
                # The live sum of the parts is shown beside the total (static/js/report_entry.js).
                attrs["data-components"] = " ".join(c.code for c in ind.components.all())
                help_parts.append(_("Nếu đã nhập đủ các phần, để trống: tổng được tính; nếu nhập cả hai, phải khớp."))
            label = ind.name + (f" ({ind.unit_label})" if ind.unit_label else "")
            if ind.code in locked_codes:
                help_parts.insert(0, _("Tổng của số liệu theo lĩnh vực."))
            self.fields[ind.code] = forms.CharField(
                label=label,
                required=False,
                max_length=500,
                help_text=" · ".join(help_parts),
                widget=forms.TextInput(attrs=attrs),
                # A disabled field keeps its initial value whatever is posted.
                disabled=ind.code in locked_codes,
            )
        if not show_confirm:
            self.fields["confirm_warnings"].widget = forms.HiddenInput()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = self._layout(indicators)

    def _layout(self, indicators):
        sections = []
        for value, label in Section.choices:
            items = []
            for ind in indicators:
                if ind.section != value:
                    continue
                if ind.is_entered:
                    items.append(Div(Field(ind.code), css_class="col-md-6 col-xl-4"))
                else:
                    items.append(Div(HTML(self._computed(ind)), css_class="col-md-6 col-xl-4"))
            if items:
                sections.append(
                    Fieldset(label, Div(*items, css_class="row g-3"), css_class="card card-body mb-3 entry-section")
                )
        return Layout(*sections, Div(Field("note"), css_class="card card-body mb-3"), "confirm_warnings", "version")

    @staticmethod
    def _computed(ind: Indicator) -> str:
        """A read-only box that static/js/report_entry.js fills as the clerk types."""
        if ind.is_ratio:
            data = format_html('data-numerator="{}" data-denominator="{}"', ind.numerator.code, ind.denominator.code)
        else:
            data = format_html('data-components="{}"', " ".join(c.code for c in ind.components.all()))
        return format_html(
            '<div class="mb-3 computed-box"><div class="form-label">{} <span class="badge text-bg-light border">{}</span>'
            '</div><output class="form-control-plaintext fw-semibold computed" data-code-self="{}" data-kind="{}" {}>—</output>'
            "</div>",
            ind.name,
            _("tự tính"),
            ind.code,
            "rate" if ind.is_ratio else "sum",
            data,
        )

    def raw_values(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(code, "") for code in self.codes if not self.fields[code].disabled}

    def add_issues(self, issues) -> None:
        for issue in issues:
            self.add_error(issue.field if issue.field in self.fields else None, issue.message)


def initial_values(indicators: list[Indicator], current: dict) -> dict[str, str]:
    """The stored values as the form shows them: written by ``shown``, read back to the same value."""
    return {ind.code: shown(ind, current[ind.code]) for ind in indicators if ind.is_entered and ind.code in current}


class ReasonForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=gettext_lazy("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=NOTE_CHARS, required=True
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx)"),
        help_text=gettext_lazy("Dùng mẫu tải từ cổng; mỗi dòng là một đơn vị trong một quý."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
