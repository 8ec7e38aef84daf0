from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.collation import sort_vi
from core.forms import DayInput
from core.limits import NOTE_CHARS, TEXT_CHARS
from core.uploads import ALLOWED_LABEL
from supervision.choices import ADDRESSEE_STATUSES, RecommendationStatus, SupervisionKind
from supervision.models import DelegationMember, Finding, Recommendation, Supervision, SupervisionDocument
from wards.models import AdministrativeUnit, SupervisingBody


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by content in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError, put on the form field it names (else on the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class SupervisionForm(forms.ModelForm):
    class Meta:
        model = Supervision
        fields = [
            "body",
            "kind",
            "title",
            "topics",
            "units",
            "follows_up",
            "resolution",
            "decision_number",
            "decision_date",
            "plan_number",
            "plan_date",
            "date",
            "place",
            "period_start",
            "period_end",
            "unit_focal_point",
            "summary",
        ]
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            "units": forms.SelectMultiple(attrs={"size": 8}),
            "decision_date": DayInput,
            "plan_date": DayInput,
            "date": DayInput,
            "period_start": DayInput,
            "period_end": DayInput,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = list(bodies)
        self.fields["body"].queryset = SupervisingBody.objects.filter(pk__in=[b.pk for b in bodies])
        if len(bodies) == 1:
            self.fields["body"].initial = bodies[0].pk
        units = AdministrativeUnit.objects.none()
        for body in bodies:
            units = units | body.supervised_units()
        self.fields["units"].queryset = units.distinct()
        self.fields["units"].label_from_instance = lambda u: u.name
        self.fields["follows_up"].queryset = Supervision.objects.filter(body__in=bodies).exclude(pk=self.instance.pk)

    def clean(self):
        data = super().clean()
        if data.get("kind") == SupervisionKind.RESUPERVISION and not data.get("follows_up"):
            self.add_error("follows_up", _("Bắt buộc với tái giám sát: chọn cuộc giám sát trước."))
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("Thời kỳ giám sát đến: phải sau ngày bắt đầu."))
        return data


MemberFormSet = inlineformset_factory(
    Supervision,
    DelegationMember,
    fields=["name", "position", "role", "order"],
    extra=2,
    can_delete=True,
)
FindingFormSet = inlineformset_factory(
    Supervision,
    Finding,
    fields=["kind", "text", "cause", "order"],
    extra=2,
    can_delete=True,
    widgets={"text": forms.Textarea(attrs={"rows": 2}), "cause": forms.Textarea(attrs={"rows": 2})},
)


def formset_rows(formset) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["number", "text", "addressee_unit", "addressee_body", "deadline"]
        widgets = {"deadline": DayInput, "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, supervision: Supervision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressee_unit"].queryset = supervision.units.all()
        self.fields["addressee_unit"].label_from_instance = lambda u: u.name
        self.fields["addressee_body"].queryset = SupervisingBody.objects.all()
        self.fields["number"].required = False


class ProgressForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        choices=[(s.value, s.label) for s in ADDRESSEE_STATUSES],
        initial=RecommendationStatus.IN_PROGRESS,
    )
    text = forms.CharField(label=_("Nội dung báo cáo"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_CHARS)
    reason = forms.CharField(
        label=_("Lý do"),
        required=False,
        help_text=_("Bắt buộc khi không thực hiện."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=NOTE_CHARS,
    )
    files = MultipleFileField(
        label=_("Tài liệu kiểm chứng"),
        required=False,
        # Formatted when shown, in the reader's language (a lazy string formatted here would freeze in Vietnamese).
        help_text=lazy(lambda: gettext("Tối đa 10 tệp; %(types)s.") % {"types": ALLOWED_LABEL}, str)(),
    )


class VerifyForm(forms.Form):
    status = forms.ChoiceField(label=_("Kết luận"), choices=RecommendationStatus.choices)
    note = forms.CharField(
        label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=NOTE_CHARS
    )
    reason = forms.CharField(
        label=_("Lý do"),
        required=False,
        max_length=NOTE_CHARS,
        help_text=_("Bắt buộc khi không thực hiện hoặc chấp nhận phương án khác."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    supervision = forms.IntegerField(required=False, widget=forms.HiddenInput)


class DocumentForm(forms.ModelForm):
    upload = forms.FileField(label=_("Tệp tài liệu"), help_text=ALLOWED_LABEL)

    class Meta:
        model = SupervisionDocument
        fields = ["kind", "title", "unit"]

    def __init__(self, *args, supervision: Supervision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = supervision.units.all()


class RecommendationFilter(forms.Form):
    """The recommendation list's filters (GET)."""

    body = forms.ModelChoiceField(
        label=_("Cơ quan giám sát"), queryset=SupervisingBody.objects.none(), required=False, empty_label=_("Tất cả")
    )
    # Any code is accepted (a code typed in the URL that has no recommendation lists nothing).
    unit = forms.CharField(label=_("Đơn vị thực hiện"), required=False, max_length=5, widget=forms.Select)
    status = forms.ChoiceField(
        label=_("Tình trạng"), choices=[("", _("Tất cả"))] + list(RecommendationStatus.choices), required=False
    )
    overdue = forms.ChoiceField(
        label=_("Quá hạn"),
        choices=[("", _("Tất cả")), ("1", _("Chỉ kiến nghị quá hạn")), ("0", _("Không quá hạn"))],
        required=False,
    )

    def __init__(self, *args, bodies, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["unit"].widget.choices = [("", _("Tất cả"))] + [(u.code, u.name) for u in sort_vi(units)]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
