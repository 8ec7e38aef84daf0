from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.text import capfirst

from core.admin_mixins import ReadOnlyAdminMixin
from core.uploads import DOCX, check_file
from documents.models import Paper, PaperTemplate


class PaperTemplateForm(forms.ModelForm):
    class Meta:
        model = PaperTemplate
        fields = ["kind", "file", "note"]

    def clean(self):
        """A replacement must be a DOCX that renders the demo-shaped context: a broken tag is refused here, not on the next draft."""
        data = super().clean()
        upload = data.get("file")
        kind = data.get("kind")
        if upload is None or kind is None or not hasattr(upload, "size"):
            return data
        label = capfirst(str(PaperTemplate._meta.get_field("file").verbose_name))
        if check_file(upload, field_label=label) != DOCX:
            raise ValidationError({"file": f"{label}: tệp phải là Word (.docx)."})
        from documents.render import render_docx
        from documents.samples import sample_context

        upload.seek(0)
        try:
            render_docx(kind, sample_context(kind), source=upload)
        except Exception as error:  # jinja2 syntax or undefined names, a broken zip…
            raise ValidationError({"file": f"{label}: mẫu không dùng được ({error})."}) from error
        upload.seek(0)
        return data


@admin.register(PaperTemplate)
class PaperTemplateAdmin(admin.ModelAdmin):
    form = PaperTemplateForm
    list_display = ["kind", "note", "uploaded_by", "uploaded_at"]

    def save_model(self, request, obj, form, change):
        obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Paper)
class PaperAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["supervision", "kind", "status", "version", "number", "issued_on", "generated_at"]
    list_filter = ["kind", "status"]
