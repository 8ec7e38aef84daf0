"""Thin views: the supervision's documents page, generate, issue, download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents import selectors, services
from documents.choices import PaperFormat
from documents.forms import GenerateForm, IssueForm
from supervision.selectors import get_supervision


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for message in errors:
            messages.error(request, f"{label}: {message}" if label else message)


@login_required
def paper_list(request, pk):
    sup = get_supervision(request.user, pk)
    can_edit = sup.allows(request.user, "change")
    return render(
        request,
        "documents/paper_list.html",
        {
            "supervision": sup,
            "rows": selectors.papers_of(sup, user=request.user),
            "can_edit": can_edit,
            "nav": "supervision",
        },
    )


@login_required
@require_POST
def paper_generate(request, pk):
    sup = get_supervision(request.user, pk, action="change")
    form = GenerateForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("documents:list", sup.pk)
    try:
        paper = services.paper_generate(
            supervision=sup,
            kind=form.cleaned_data["kind"],
            by=request.user,
            number=form.cleaned_data["number"],
            day=form.cleaned_data["issued_on"],
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Đã soạn dự thảo lần %(v)s.") % {"v": paper.version})
    return redirect("documents:list", sup.pk)


@login_required
@require_POST
def paper_issue(request, pk):
    paper = selectors.get_paper(request.user, pk, action="change")
    form = IssueForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("documents:list", paper.supervision_id)
    try:
        services.paper_issue(
            paper=paper, by=request.user, number=form.cleaned_data["number"], day=form.cleaned_data["issued_on"]
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Đã ban hành văn bản số %(n)s.") % {"n": form.cleaned_data["number"]})
    return redirect("documents:list", paper.supervision_id)


@login_required
def paper_file(request, pk, fmt):
    paper = selectors.get_paper(request.user, pk)
    if fmt not in PaperFormat.values:
        raise Http404
    stored = paper.docx if fmt == PaperFormat.DOCX else paper.pdf
    content_type = (
        "application/pdf"
        if fmt == PaperFormat.PDF
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    name = services.file_name(paper.kind, paper.number if paper.is_issued else "", paper.version, fmt)
    return FileResponse(stored.open("rb"), as_attachment=True, filename=name, content_type=content_type)
