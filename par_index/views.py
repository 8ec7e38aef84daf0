"""Pages of the PAR index. Thin: access in the words of wards.access (the
models' for_user, Access.can), reads from selectors, writes through services
(which check who acts again)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core import freshness
from core.dates import parse_day
from core.numbers import notation_of
from core.uploads import UnsafeUpload, check_workbook, check_workbook_size
from par_index import official, selectors, services
from par_index.choices import Part
from par_index.forms import (
    AnnounceForm,
    AppraisalForm,
    BandsForm,
    CopyForm,
    CriterionForm,
    FrameworkForm,
    FrameworkSettingsForm,
    PublishForm,
    SelfAssessmentForm,
)
from par_index.models import (
    Criterion,
    Evidence,
    Framework,
    OfficialRanking,
    RecomputeRun,
    RecomputeState,
    Score,
    ScoreChange,
)
from wards.access import Do, access_for
from wards.choices import Level
from wards.models import AdministrativeUnit, SupervisingBody


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def index(request):
    frameworks = selectors.frameworks_visible()
    return render(
        request,
        "par_index/index.html",
        {"frameworks": frameworks, "can_manage": _edited_provinces(request.user).exists(), "nav": "par"},
    )


def _int(raw: str) -> int:
    """A number from the query string, or 0 (no such row) for anything else."""
    return int(raw) if raw.isdigit() else 0


@login_required
def ranking(request, scope, year):
    """The province's ranking. What depends on the data is rendered once per framework,
    reader's access, day shown, body chosen, language and day, and cached under the province's
    generation (core.freshness: a recompute, a stale mark, a publication, an approval
    bump it); the publish form, which carries the reader's CSRF token, is not."""
    framework = selectors.framework_for(scope, year)
    access = access_for(request.user)
    can_publish = access.can(Do.PUBLISH_RANKINGS, framework.province_id)

    on = parse_day(request.GET.get("on"))
    body_id = _int(request.GET["body"]) if request.GET.get("body") else None

    def compute() -> dict:
        data = selectors.ranking(framework, on=on, user=request.user)
        # ?body=: a supervising body's own units within the province's ranking, with their rank histories.
        bodies = SupervisingBody.objects.filter(pk__in=access.member_body_ids).select_related("unit")
        within = None
        if body_id is not None:
            body = get_object_or_404(SupervisingBody.objects.select_related("unit"), pk=body_id)
            within = selectors.within_body(data, body)
        context = {
            "ranking": data,
            "framework": framework,
            "publications": OfficialRanking.objects.filter(framework=framework).select_related("published_by"),
            "bodies": bodies,
            "within": within,
        }
        return {
            "head": render_to_string("par_index/_ranking_head.html", context, request),
            "tables": render_to_string("par_index/_ranking_tables.html", context, request),
            "years": list(
                Framework.objects.filter(province=framework.province).order_by("-year").values_list("year", flat=True)
            ),
            "stale": data.stale,
            "on": data.on,
        }

    part = freshness.cached(
        "ranking",
        provinces=[framework.province_id],
        parts=[framework.pk, access.key, on, body_id],  # what the page reads of its query string, parsed
        compute=compute,
    )
    return render(
        request,
        "par_index/ranking.html",
        {
            "framework": framework,
            "part": {**part, "head": mark_safe(part["head"]), "tables": mark_safe(part["tables"])},  # noqa: S308 - our templates, every value escaped there
            "can_publish": can_publish,
            "publish_form": PublishForm() if can_publish else None,
            "nav": "par",
        },
    )


def _require_publisher(request, framework) -> None:
    if not access_for(request.user).can(Do.PUBLISH_RANKINGS, framework.province_id):
        raise PermissionDenied(_("Chỉ hội đồng thẩm định chỉ số CCHC của tỉnh mới công bố kết quả xếp hạng."))


@login_required
@require_POST
def ranking_publish(request, scope, year):
    """Freeze the portal's current results as the official ranking."""
    framework = selectors.framework_for(scope, year)
    _require_publisher(request, framework)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            official.publish(framework=framework, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã công bố kết quả xếp hạng; từ nay kết quả này được giữ nguyên."))
    else:
        messages.error(request, " ".join(f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items()))
    return redirect("par_index:ranking", scope=scope, year=year)


@login_required
@require_http_methods(["GET", "POST"])
def ranking_announce(request, scope, year):
    """Enter or import the result the province announced, as it stands."""
    framework = selectors.framework_for(scope, year)
    _require_publisher(request, framework)
    form = AnnounceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rows, problems = [], []
        if data["file"]:
            try:
                check_workbook_size(data["file"].size)
                content = data["file"].read()
                check_workbook(content)
                rows, problems = official.read_announced(content)
            except UnsafeUpload as exc:
                form.add_error("file", str(exc))
        else:
            rows = [
                official.AnnouncedRow(
                    data["unit_code"], data["rank"], data["cohort_size"], data["index_percent"], data["unit_note"]
                )
            ]
        for problem in problems:
            form.add_error("file", problem)
        if not form.errors:
            try:
                official.announce(
                    framework=framework,
                    by=request.user,
                    rows=rows,
                    decision=data["decision"],
                    decision_date=data["decision_date"],
                    reference=data["reference"],
                    note=data["note"],
                    language=notation_of(),
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Đã ghi kết quả xếp hạng chính thức đã công bố."))
                return redirect("par_index:ranking", scope=scope, year=year)
    return render(
        request,
        "par_index/announce.html",
        {"framework": framework, "form": form, "columns": official.COLUMNS, "sheet": official.SHEET, "nav": "par"},
    )


@login_required
def breakdown(request, scope, year, code):
    framework = selectors.framework_for(scope, year)
    unit = selectors.unit_in_scope(framework, code)
    access = access_for(request.user)
    # The score history is as private as the evidence: the ward, its supervisors, admins.
    changes = (
        ScoreChange.objects.for_user(request.user)
        .filter(score__unit=unit, score__criterion__framework=framework)
        .select_related("score__criterion", "by")
        .order_by("-at", "-pk")[:200]
    )
    b = selectors.breakdown(framework, unit)
    standing = official.unit_standing(framework, unit, b.result, request.user)
    standings = [standing]
    if b.previous is not None:
        standings.append(official.unit_standing(b.previous.framework, unit, b.previous, request.user))
    return render(
        request,
        "par_index/breakdown.html",
        {
            "b": b,
            "standing": standing,
            "standings": standings,
            "framework": framework,
            "unit": unit,
            "show_evidence": access.can(Do.READ_EVIDENCE, unit.pk),
            "changes": changes,
            "can_self_assess": access.can(Do.SELF_ASSESS, unit.pk),
            "can_appraise": access.can(Do.APPRAISE, unit.pk),
            "nav": "par",
        },
    )


def _score_forms(request, framework, unit, leaves, form_class, initial_of):
    scores = {s.criterion_id: s for s in Score.objects.filter(criterion__in=leaves, unit=unit)}
    forms = []
    for leaf in leaves:
        prefix = f"c{leaf.pk}"
        if request.method == "POST":
            form = form_class(request.POST, request.FILES, prefix=prefix)
        else:
            form = form_class(prefix=prefix, initial=initial_of(scores.get(leaf.pk)))
        forms.append((leaf, form, scores.get(leaf.pk)))
    return forms


def _save_all(forms, save_one) -> bool:
    """All rows or none: one transaction; a row's error is shown on its form."""
    if not all(form.is_valid() for _leaf, form, _s in forms):
        return False
    try:
        with transaction.atomic():
            for leaf, form, _score in forms:
                try:
                    save_one(leaf, form.cleaned_data)
                except ValidationError as exc:
                    _apply_errors(form, exc)
                    raise
    except ValidationError:
        return False
    return True


@dataclass(frozen=True)
class ScoreMode:
    """One of the two score forms: the ward's self-assessment, the appraisal team's points."""

    action: Do
    refusal: str
    parts: tuple | None  # the leaves it scores (None: every manual leaf)
    form: type
    initial: Callable
    save: Callable  # (unit, leaf, cleaned data, by)
    done: str


SCORE_MODES = {
    "self": ScoreMode(
        Do.SELF_ASSESS,
        gettext_lazy("Chỉ cán bộ của đơn vị mới tự đánh giá."),
        (Part.CRITERIA,),
        SelfAssessmentForm,
        lambda s: {"self_points": s.self_points, "explanation": s.explanation},
        lambda unit, leaf, data, by: services.self_assessment_save(
            unit=unit, criterion=leaf, points=data["self_points"], explanation=data["explanation"],
            files=[data["evidence"]] if data.get("evidence") else [], by=by,
        ),
        gettext_lazy("Đã lưu bản tự đánh giá; xếp hạng sẽ được tính lại."),
    ),
    "appraisal": ScoreMode(
        Do.APPRAISE,
        gettext_lazy("Chỉ tổ thẩm định mới nhập điểm thẩm định."),
        None,
        AppraisalForm,
        lambda s: {"appraised_points": s.appraised_points, "appraisal_note": s.appraisal_note},
        lambda unit, leaf, data, by: services.appraisal_save(
            unit=unit, criterion=leaf, points=data["appraised_points"], note=data["appraisal_note"], by=by
        ),
        gettext_lazy("Đã lưu điểm thẩm định; xếp hạng sẽ được tính lại."),
    ),
}  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def scores(request, scope, year, code, mode: str):
    """The self-assessment or the appraisal of one unit: every manual leaf, all saved or none."""
    spec = SCORE_MODES[mode]
    framework = selectors.framework_for(scope, year)
    unit = selectors.unit_in_scope(framework, code)
    if not access_for(request.user).can(spec.action, unit.pk):
        raise PermissionDenied(spec.refusal)
    leaves = selectors.manual_leaves(framework, parts=spec.parts)
    forms = _score_forms(request, framework, unit, leaves, spec.form, lambda s: spec.initial(s) if s else {})
    if request.method == "POST" and _save_all(forms, lambda leaf, data: spec.save(unit, leaf, data, request.user)):
        messages.success(request, spec.done)
        return redirect("par_index:breakdown", scope=scope, year=year, code=code)
    return render(
        request,
        "par_index/scores_form.html",
        {"framework": framework, "unit": unit, "forms": forms, "mode": mode, "nav": "par"},
    )


@login_required
def evidence_file(request, pk):
    evidence = get_object_or_404(Evidence.objects.select_related("score"), pk=pk)
    if not Evidence.objects.for_user(request.user).filter(pk=pk).exists():
        raise PermissionDenied(_("Bạn không được xem tài liệu kiểm chứng của đơn vị này."))
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.file.name.rsplit("/", 1)[-1])


def _edited_provinces(user):
    return AdministrativeUnit.objects.for_user(user, Do.EDIT_FRAMEWORKS).filter(level=Level.PROVINCE)


def _require_manager(request, framework=None):
    if framework is not None:
        allowed = Framework.objects.for_user(request.user, "change").filter(pk=framework.pk).exists()
    else:
        allowed = _edited_provinces(request.user).exists()
    if not allowed:
        raise PermissionDenied(_("Chỉ quản trị mới sửa bộ tiêu chí."))


@login_required
@require_http_methods(["GET", "POST"])
def framework_list(request):
    _require_manager(request)
    form = FrameworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            framework = services.framework_create(**form.cleaned_data, by=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("par_index:framework_edit", pk=framework.pk)
    frameworks = selectors.frameworks_visible()
    return render(request, "par_index/framework_list.html", {"frameworks": frameworks, "form": form, "nav": "par"})


@login_required
@require_http_methods(["GET", "POST"])
def framework_edit(request, pk):
    framework = get_object_or_404(Framework.objects.select_related("province"), pk=pk)
    _require_manager(request, framework)
    action = request.POST.get("action") if request.method == "POST" else None
    settings_form = FrameworkSettingsForm(request.POST if action == "settings" else None, instance=framework)
    bands_initial = "\n".join(f"{b.name} = {b.min_percent.normalize():f} {b.colour}" for b in framework.bands.all())
    bands_form = BandsForm(request.POST if action == "bands" else None, initial={"bands": bands_initial})
    copy_form = CopyForm(request.POST if action == "copy" else None, initial={"year": framework.year + 1})
    try:
        if action == "settings" and settings_form.is_valid():
            services.framework_update(framework=framework, by=request.user, **settings_form.cleaned_data)
            messages.success(request, _("Đã lưu."))
            return redirect("par_index:framework_edit", pk=pk)
        if action == "bands" and bands_form.is_valid():
            services.bands_replace(framework=framework, bands=bands_form.cleaned_data["bands"], by=request.user)
            messages.success(request, _("Đã lưu các mức xếp loại."))
            return redirect("par_index:framework_edit", pk=pk)
        if action == "publish":
            services.framework_publish(framework=framework, by=request.user)
            messages.success(request, _("Đã ban hành bộ tiêu chí; từ nay không sửa được nữa."))
            return redirect("par_index:framework_edit", pk=pk)
        if action == "copy" and copy_form.is_valid():
            copy = services.framework_copy(framework=framework, year=copy_form.cleaned_data["year"], by=request.user)
            messages.success(request, _("Đã tạo bản sao năm %(year)s.") % {"year": copy.year})
            return redirect("par_index:framework_edit", pk=copy.pk)
        if action == "delete_criterion":
            criterion = get_object_or_404(Criterion, pk=request.POST.get("criterion"), framework=framework)
            services.criterion_delete(criterion=criterion, by=request.user)
            messages.success(request, _("Đã xóa tiêu chí."))
            return redirect("par_index:framework_edit", pk=pk)
    except ValidationError as exc:
        form = {"settings": settings_form, "bands": bands_form, "copy": copy_form}.get(action)
        if form is not None:
            _apply_errors(form, exc)
        else:
            messages.error(request, " ".join(exc.messages))
    rows = selectors.breakdown_tree(framework)
    state = RecomputeState.objects.filter(framework=framework).first()
    return render(
        request,
        "par_index/framework_edit.html",
        {
            "framework": framework,
            "rows": rows,
            "settings_form": settings_form,
            "bands_form": bands_form,
            "copy_form": copy_form,
            "state": state,
            "nav": "par",
        },
        status=400 if action and request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request, pk, criterion_pk=None):
    framework = get_object_or_404(Framework, pk=pk)
    _require_manager(request, framework)
    instance = (
        get_object_or_404(Criterion, pk=criterion_pk, framework=framework)
        if criterion_pk
        else Criterion(framework=framework)
    )
    form = CriterionForm(request.POST or None, instance=instance, framework=framework)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_save(
                framework=framework,
                criterion=form.save(commit=False),
                steps=form.cleaned_data["steps"] or None,
                by=request.user,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu tiêu chí."))
            return redirect("par_index:framework_edit", pk=pk)
    return render(
        request,
        "par_index/criterion_form.html",
        {"framework": framework, "form": form, "criterion": instance, "nav": "par"},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def runs(request):
    if not _edited_provinces(request.user).exists():
        raise PermissionDenied(_("Chỉ quản trị mới xem các lượt tính lại."))
    runs = RecomputeRun.objects.for_user(request.user).select_related("framework__province")
    page = Paginator(runs, 50).get_page(request.GET.get("page"))
    frameworks = Framework.objects.for_user(request.user, "change")
    stale = RecomputeState.objects.filter(stale=True, framework__in=frameworks).select_related("framework__province")
    return render(request, "par_index/runs.html", {"page": page, "stale": stale, "nav": "par"})
