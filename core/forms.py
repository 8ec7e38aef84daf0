"""Form widgets every app's forms use."""

from django import forms

DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "autocomplete": "off"}


class DayInput(forms.DateInput):
    """Typed day first (24/04/2024), as the vi formats module reads it."""

    def __init__(self, attrs=None):
        super().__init__(attrs={**DATE_ATTRS, **(attrs or {})}, format="%d/%m/%Y")
