from django import forms
from django.utils.translation import gettext_lazy as _

from documents.choices import PaperKind


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=PaperKind.choices, widget=forms.HiddenInput)
    number = forms.CharField(
        label=_("Số, ký hiệu"), max_length=60, required=False, help_text=_("Để trống khi còn là dự thảo.")
    )
    issued_on = forms.DateField(label=_("Ngày văn bản"), required=False)


class IssueForm(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60)
    issued_on = forms.DateField(label=_("Ngày văn bản"))
