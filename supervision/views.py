"""Thin views: access through the models' for_user and the selectors' getters, writes through services,
reads through selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from par_index import official
from supervision import selectors, services
from supervision.forms import (
    DocumentForm,
    FindingFormSet,
    MemberFormSet,
    ProgressForm,
    RecommendationFilter,
    RecommendationForm,
    SupervisionForm,
    VerifyForm,
    apply_errors,
    formset_rows,
)
from supervision.models import Recommendation, Supervision
from wards.access import access_for
from wards.choices import Level
from wards.models import AdministrativeUnit, SupervisingBody


@login_required
def supervision_list(request):
    page = Paginator(selectors.supervision_list(user=request.user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/supervision_list.html",
        {"page": page, "can_record": selectors.recording_bodies(request.user).exists(), "nav": "supervision"},
    )


def _edit(request, supervision: Supervision | None):
    bodies = selectors.recording_bodies(request.user)
    if not bodies.exists():
        raise PermissionDenied(_("Chỉ Đoàn giám sát được ghi nhận cuộc giám sát."))
    instance = supervision or Supervision()
    form = SupervisionForm(request.POST or None, instance=instance, bodies=bodies)
    members = MemberFormSet(request.POST or None, instance=instance, prefix="members")
    findings = FindingFormSet(request.POST or None, instance=instance, prefix="findings")
    if request.method == "POST" and form.is_valid() and members.is_valid() and findings.is_valid():
        try:
            sup = services.supervision_record(
                supervision=form.save(commit=False),
                by=request.user,
                units=form.cleaned_data["units"],
                topics=form.cleaned_data["topics"],
                members=formset_rows(members),
                findings=formset_rows(findings),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Đã lưu cuộc giám sát."))
            return redirect("supervision:detail", sup.pk)
    return render(
        request,
        "supervision/supervision_form.html",
        {"form": form, "members": members, "findings": findings, "supervision": supervision, "nav": "supervision"},
    )


@login_required
def supervision_create(request):
    return _edit(request, None)


@login_required
def supervision_edit(request, pk):
    return _edit(request, selectors.get_supervision(request.user, pk, action="change"))


@login_required
def supervision_detail(request, pk):
    sup = selectors.get_supervision(request.user, pk)
    context = selectors.supervision_detail(sup, user=request.user)
    can_edit = sup.allows(request.user, "change")
    context.update(
        {
            "can_edit": can_edit,
            "document_form": DocumentForm(supervision=sup) if can_edit else None,
            "verdict_form": VerifyForm() if can_edit and sup.follows_up_id else None,
            # The PAR ranks of the supervised wards: the official ones, the recomputed beside.
            "standings": official.unit_standings([u.pk for u in sup.units.all()]),
            "nav": "supervision",
        }
    )
    return render(request, "supervision/supervision_detail.html", context)


@login_required
@require_POST
def document_upload(request, pk):
    sup = selectors.get_supervision(request.user, pk, action="change")
    form = DocumentForm(request.POST, request.FILES, supervision=sup)
    if form.is_valid():
        try:
            services.document_add(
                supervision=sup,
                by=request.user,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                unit=form.cleaned_data["unit"],
                upload=form.cleaned_data["upload"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã tải lên tài liệu."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for message in errors:
                messages.error(request, f"{label}: {message}" if label else message)
    return redirect("supervision:detail", sup.pk)


@login_required
def file_download(request, pk, model):
    """A supervision document or a piece of evidence, to whoever may read it (404 to others)."""
    stored = model.objects.for_user(request.user).filter(pk=pk).first()
    if stored is None:
        raise Http404(_("Không tìm thấy tài liệu."))
    return FileResponse(
        stored.file.open("rb"), as_attachment=True, filename=stored.original_name, content_type=stored.content_type
    )


@login_required
def recommendation_add(request, pk):
    sup = selectors.get_supervision(request.user, pk, action="change")
    form = RecommendationForm(request.POST or None, supervision=sup)
    if request.method == "POST" and form.is_valid():
        try:
            rec = services.recommendation_create(supervision=sup, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Đã thêm kiến nghị."))
            return redirect("supervision:recommendation", rec.pk)
    return render(
        request, "supervision/recommendation_form.html", {"form": form, "supervision": sup, "nav": "supervision"}
    )


@login_required
def recommendation_edit(request, pk):
    rec = selectors.get_recommendation(request.user, pk, action="verify")
    form = RecommendationForm(request.POST or None, instance=rec, supervision=rec.supervision)
    if request.method == "POST" and form.is_valid():
        try:
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            if "number" in changes and changes["number"] is None:
                changes.pop("number")
            services.recommendation_update(recommendation=rec, by=request.user, **changes)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Đã lưu kiến nghị."))
            return redirect("supervision:recommendation", rec.pk)
    return render(
        request,
        "supervision/recommendation_form.html",
        {"form": form, "supervision": rec.supervision, "recommendation": rec, "nav": "supervision"},
    )


@login_required
def recommendation_list(request):
    access = access_for(request.user)
    bodies = SupervisingBody.objects.all() if access.is_superuser else selectors.recording_bodies(request.user)
    visible = Recommendation.objects.for_user(request.user)
    units = AdministrativeUnit.objects.filter(pk__in=visible.values("addressee_unit_id"), level=Level.COMMUNE)
    filters = RecommendationFilter(request.GET or None, bodies=bodies, units=units)
    data = filters.cleaned_data if filters.is_valid() else {}
    overdue = {"1": True, "0": False}.get(data.get("overdue") or "")
    recs = selectors.recommendation_list(
        user=request.user,
        unit=data.get("unit") or None,
        status=data.get("status") or None,
        overdue=overdue,
        body=data["body"].pk if data.get("body") else None,
    )
    page = Paginator(recs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/recommendation_list.html",
        {
            "page": page,
            "filters": filters,
            "today": selectors.today(),
            "query": query.urlencode(),
            "nav": "recommendations",
        },
    )


@login_required
def recommendation_detail(request, pk):
    rec = selectors.get_recommendation(request.user, pk)
    return render(request, "supervision/recommendation_detail.html", _detail_context(rec, request.user))


def _detail_context(rec, user, *, progress_form=None, verify_form=None) -> dict:
    can_progress, can_verify = rec.allows(user, "progress"), rec.allows(user, "verify")
    return {
        "rec": rec,
        "events": selectors.timeline(rec),
        "audit": selectors.audit_trail(rec),
        "today": selectors.today(),
        "progress_form": (progress_form or ProgressForm()) if can_progress else None,
        "verify_form": (verify_form or VerifyForm(initial={"status": rec.status})) if can_verify else None,
        "nav": "recommendations",
    }


@login_required
@require_POST
def progress_add(request, pk):
    rec = selectors.get_recommendation(request.user, pk, action="progress")
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.progress_note_add(recommendation=rec, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Đã ghi nhận báo cáo tiến độ."))
            return redirect("supervision:recommendation", rec.pk)
    context = _detail_context(rec, request.user, progress_form=form)
    return render(request, "supervision/recommendation_detail.html", context, status=400)


@login_required
@require_POST
def verify(request, pk):
    rec = selectors.get_recommendation(request.user, pk, action="verify")
    form = VerifyForm(request.POST)
    if form.is_valid():
        resup = None
        if form.cleaned_data.get("supervision"):
            resup = selectors.get_supervision(request.user, form.cleaned_data["supervision"], action="change")
        try:
            with transaction.atomic():
                services.recommendation_verify(
                    recommendation=rec,
                    by=request.user,
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                    reason=form.cleaned_data["reason"],
                    supervision=resup,
                )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Đã ghi nhận kết luận của Đoàn giám sát."))
            if resup is not None:
                return redirect("supervision:detail", resup.pk)
            return redirect("supervision:recommendation", rec.pk)
    resup_id = request.POST.get("supervision", "")
    if resup_id.isdigit():  # the verdict was given on the re-supervision page: show the error there
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("supervision:detail", int(resup_id))
    context = _detail_context(rec, request.user, verify_form=form)
    return render(request, "supervision/recommendation_detail.html", context, status=400)
