from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DayInput
from core.limits import NOTE_CHARS, TEXT_CHARS
from digital_metrics.models import Indicator
from par_index.choices import Method, Rule
from par_index.models import Criterion, Framework
from wards.choices import Level
from wards.models import AdministrativeUnit


class FrameworkForm(forms.ModelForm):
    class Meta:
        model = Framework
        fields = ["province", "year", "name", "basis", "is_example", "cohort_mode"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = AdministrativeUnit.objects.filter(level=Level.PROVINCE).order_by("code")


class FrameworkSettingsForm(forms.ModelForm):
    class Meta:
        model = Framework
        fields = ["name", "basis", "is_example", "cohort_mode"]


class CriterionForm(forms.ModelForm):
    steps = forms.CharField(
        label=_("Các bậc (quy tắc theo bậc)"),
        required=False,
        help_text=_("Mỗi dòng một bậc: giá trị tối thiểu = điểm, ví dụ 80 = 1"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_CHARS,
    )

    class Meta:
        model = Criterion
        fields = [
            "parent",
            "code",
            "title",
            "part",
            "max_points",
            "method",
            "indicator",
            "rule",
            "threshold",
            "guidance",
            "order",
        ]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Criterion.objects.filter(framework=framework).exclude(pk=self.instance.pk)
        self.fields["indicator"].queryset = Indicator.objects.filter(is_active=True).exclude(value_type="text")
        if self.instance.pk:
            self.initial["steps"] = "\n".join(
                f"{s.min_value.normalize():f} = {s.points.normalize():f}" for s in self.instance.steps.all()
            )

    def clean_steps(self):
        raw = self.cleaned_data.get("steps") or ""
        steps = []
        for number, line in enumerate(raw.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                value, points = (Decimal(p.strip().replace(",", ".")) for p in line.split("="))
            except (ValueError, ArithmeticError) as exc:
                raise forms.ValidationError(
                    _("Dòng %(n)s của các bậc phải có dạng «giá trị = điểm», ví dụ 80 = 1.") % {"n": number}
                ) from exc
            steps.append((value, points))
        return steps

    def clean(self):
        data = super().clean()
        if data.get("method") == Method.AUTOMATIC and data.get("rule") == Rule.STEPS and not data.get("steps"):
            self.add_error("steps", _("Quy tắc theo bậc cần ít nhất một bậc."))
        return data


class BandsForm(forms.Form):
    bands = forms.CharField(
        label=_("Mức xếp loại"),
        help_text=_("Mỗi dòng: tên = từ % (màu Bootstrap tùy chọn), ví dụ Xuất sắc = 90 success"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=NOTE_CHARS,
    )

    def clean_bands(self):
        out = []
        for number, line in enumerate(self.cleaned_data["bands"].splitlines(), start=1):
            if not line.strip():
                continue
            try:
                name, rest = line.split("=", 1)
                parts = rest.split()
                out.append(
                    (name.strip(), Decimal(parts[0].replace(",", ".")), parts[1] if len(parts) > 1 else "secondary")
                )
            except (ValueError, IndexError, ArithmeticError) as exc:
                raise forms.ValidationError(
                    _("Dòng %(n)s của mức xếp loại phải có dạng «tên = từ %%», ví dụ Tốt = 80.") % {"n": number}
                ) from exc
        return out


class CopyForm(forms.Form):
    year = forms.IntegerField(label=_("Sao chép sang năm"), min_value=2000, max_value=2100)


POINT_FIELD = {"max_digits": 7, "decimal_places": 2, "min_value": Decimal(0), "required": False, "localize": True}


class _ScoreForm(forms.Form):
    """One row of a score sheet, in Bootstrap's small controls."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")


class SelfAssessmentForm(_ScoreForm):
    self_points = forms.DecimalField(label=_("Điểm tự đánh giá"), **POINT_FIELD)
    explanation = forms.CharField(
        label=_("Giải trình"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=TEXT_CHARS
    )
    evidence = forms.FileField(label=_("Tài liệu kiểm chứng"), required=False)


class AppraisalForm(_ScoreForm):
    appraised_points = forms.DecimalField(label=_("Điểm thẩm định"), **POINT_FIELD)
    appraisal_note = forms.CharField(
        label=_("Ý kiến thẩm định"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=TEXT_CHARS
    )


class PublishForm(forms.Form):
    """Publishing the portal's results as the official ranking (frozen from then on)."""

    decision = forms.CharField(
        label=_("Văn bản công bố"), max_length=200, required=False, help_text=_("Ví dụ: Quyết định số 35/QĐ-UBND")
    )
    decision_date = forms.DateField(label=_("Ngày văn bản"), required=False, widget=DayInput)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=NOTE_CHARS, widget=forms.Textarea(attrs={"rows": 2})
    )


class AnnounceForm(forms.Form):
    """The result the province announced, entered as it stands: a sheet of
    every unit, or one unit typed (the rank a report or an article gives)."""

    decision = forms.CharField(
        label=_("Văn bản hoặc nguồn công bố"),
        max_length=200,
        help_text=_("Ví dụ: Quyết định số 35/QĐ-UBND; hoặc tên bài báo nếu chỉ có nguồn đó."),
    )
    decision_date = forms.DateField(label=_("Ngày công bố"), required=False, widget=DayInput)
    reference = forms.CharField(label=_("Nơi đọc được"), max_length=300, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=NOTE_CHARS, widget=forms.Textarea(attrs={"rows": 2})
    )
    file = forms.FileField(label=_("Tệp Excel kết quả"), required=False)
    unit_code = forms.CharField(label=_("Mã đơn vị"), max_length=10, required=False)
    rank = forms.CharField(label=_("Thứ hạng"), max_length=10, required=False)
    cohort_size = forms.CharField(label=_("Số đơn vị xếp hạng"), max_length=10, required=False)
    index_percent = forms.CharField(label=_("Chỉ số (%)"), max_length=20, required=False)
    unit_note = forms.CharField(label=_("Ghi chú của đơn vị"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("unit_code"):
            raise forms.ValidationError(_("Hãy chọn tệp Excel kết quả hoặc nhập kết quả của một đơn vị."))
        if data.get("file") and data.get("unit_code"):
            raise forms.ValidationError(_("Chỉ chọn một cách: tệp Excel hoặc một đơn vị."))
        return data
