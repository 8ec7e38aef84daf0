"""Writes of the PAR index: frameworks (while drafts), scores, publication.

Every write that can change a scope-year's results marks it stale in the same
transaction (recompute.mark_stale); the recompute itself runs after commit.
A published framework is immutable: every structural write goes through
``_editable`` and is refused with a Vietnamese message.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.numbers import canonical
from core.uploads import check_files, stored_name
from par_index.choices import FrameworkStatus, Method, Part, Rule
from par_index.models import Band, Criterion, Evidence, Framework, RecomputeState, RuleStep, Score, ScoreChange
from par_index.recompute import mark_stale
from wards.access import Do, require

DEFAULT_BANDS = [
    # (name, from %, colour): DOMAIN.md, a belief; every framework may change them.
    ("Xuất sắc", Decimal(90), "success"),
    ("Tốt", Decimal(80), "primary"),
    ("Khá", Decimal(70), "info"),
    ("Trung bình", Decimal(50), "warning"),
    ("Yếu", Decimal(0), "danger"),
]


def _may_edit(province_id: int, by) -> None:
    require(by, Do.EDIT_FRAMEWORKS, province_id, _("Chỉ quản trị của tỉnh mới sửa bộ tiêu chí chỉ số CCHC."))


def _editable(framework: Framework, by) -> None:
    """Who acts may edit the province's frameworks, and this one is still a draft."""
    _may_edit(framework.province_id, by)
    # Re-read the status under a row lock: a publish committing concurrently must win.
    status = Framework.objects.select_for_update().values_list("status", flat=True).get(pk=framework.pk)
    if status == FrameworkStatus.PUBLISHED:
        raise ValidationError(
            _("Bộ tiêu chí năm %(year)s đã ban hành nên không thể sửa; hãy sao chép sang năm sau rồi sửa bản sao.")
            % {"year": framework.year}
        )


@transaction.atomic
def framework_create(
    *, province, year: int, name: str, cohort_mode: str, by, basis: str = "", is_example=False
) -> Framework:
    _may_edit(province.pk, by)
    if Framework.objects.filter(province=province, year=year).exists():
        raise ValidationError({"year": _("Tỉnh này đã có bộ tiêu chí năm %(year)s.") % {"year": year}})
    framework = Framework.objects.create(
        province=province, year=year, name=name, cohort_mode=cohort_mode, basis=basis, is_example=is_example
    )
    Band.objects.bulk_create(Band(framework=framework, name=n, min_percent=p, colour=c) for n, p, c in DEFAULT_BANDS)
    RecomputeState.objects.create(framework=framework, stale=False)
    return framework


@transaction.atomic
def framework_update(*, framework: Framework, by, **fields) -> Framework:
    _editable(framework, by)
    for name in ("name", "basis", "cohort_mode", "is_example"):
        if name in fields:
            setattr(framework, name, fields[name])
    framework.full_clean()
    framework.save()
    mark_stale(framework=framework, reason="framework changed")
    return framework


def _check_criterion(c: Criterion) -> None:
    errors = {}
    if c.parent_id and c.parent.framework_id != c.framework_id:
        errors["parent"] = _("Tiêu chí cha phải thuộc cùng bộ tiêu chí.")
    if c.method == Method.AUTOMATIC:
        if c.indicator_id is None:
            errors["indicator"] = _("Tiêu chí chấm tự động phải chọn chỉ tiêu báo cáo.")
        if not c.rule:
            errors["rule"] = _("Tiêu chí chấm tự động phải chọn quy tắc.")
        if c.rule == Rule.PROPORTIONAL and (c.threshold is None or c.threshold <= 0):
            errors["threshold"] = _("Quy tắc tỷ lệ cần ngưỡng đạt điểm tối đa lớn hơn 0.")
        if c.part != Part.CRITERIA:
            errors["method"] = _("Chỉ phần tiêu chí mới chấm tự động; khảo sát, thưởng, trừ do thẩm định nhập.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def criterion_save(
    *, framework: Framework, criterion: Criterion, by, steps: list[tuple[Decimal, Decimal]] | None = None
):
    """Create or change a node of the tree (and, for a step rule, its steps)."""
    _editable(framework, by)
    criterion.framework = framework
    if criterion.method == Method.MANUAL:
        criterion.indicator, criterion.rule, criterion.threshold = None, "", None
    _check_criterion(criterion)
    criterion.full_clean()
    criterion.save()
    if steps is not None:
        RuleStep.objects.filter(criterion=criterion).delete()
        for _value, points in steps:
            if points > criterion.max_points:
                raise ValidationError({"steps": _("Điểm của một bậc không được vượt điểm tối đa.")})
        RuleStep.objects.bulk_create(RuleStep(criterion=criterion, min_value=v, points=p) for v, p in steps)
    mark_stale(framework=framework, reason="criterion changed")
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion, by) -> None:
    _editable(criterion.framework, by)
    criterion.delete()
    mark_stale(framework=criterion.framework, reason="criterion deleted")


@transaction.atomic
def bands_replace(*, framework: Framework, bands: list[tuple[str, Decimal, str]], by) -> None:
    _editable(framework, by)
    names = [b[0] for b in bands]
    thresholds = [b[1] for b in bands]
    if len(set(names)) != len(names) or len(set(thresholds)) != len(thresholds):
        raise ValidationError({"bands": _("Tên và ngưỡng của các mức xếp loại không được trùng nhau.")})
    if not bands or min(thresholds) != 0:
        raise ValidationError({"bands": _("Phải có một mức xếp loại bắt đầu từ 0%.")})
    Band.objects.filter(framework=framework).delete()
    Band.objects.bulk_create(Band(framework=framework, name=n, min_percent=p, colour=c) for n, p, c in bands)
    mark_stale(framework=framework, reason="bands changed")


@transaction.atomic
def framework_publish(*, framework: Framework, by) -> Framework:
    _editable(framework, by)
    if not framework.criteria.exists():
        raise ValidationError(_("Bộ tiêu chí chưa có tiêu chí nào."))
    framework.status, framework.published_at = FrameworkStatus.PUBLISHED, timezone.now()
    framework.save(update_fields=["status", "published_at"])
    mark_stale(framework=framework, reason="framework published")
    return framework


@transaction.atomic
def framework_copy(*, framework: Framework, year: int, by) -> Framework:
    """Next year's framework starts as a draft copy of this one (tree, rules, bands)."""
    copy = framework_create(
        province=framework.province,
        year=year,
        name=framework.name.replace(str(framework.year), str(year)),
        cohort_mode=framework.cohort_mode,
        basis=framework.basis,
        is_example=framework.is_example,
        by=by,
    )
    copy.copied_from = framework
    copy.save(update_fields=["copied_from"])
    Band.objects.filter(framework=copy).delete()
    Band.objects.bulk_create(
        Band(framework=copy, name=b.name, min_percent=b.min_percent, colour=b.colour) for b in framework.bands.all()
    )
    new_ids: dict[int, Criterion] = {}
    # Parents before children: order by depth (a node's parent has a smaller depth).
    nodes = list(framework.criteria.prefetch_related("steps"))
    depth = {}
    by_id = {c.pk: c for c in nodes}
    for c in nodes:
        d, p = 0, c.parent_id
        while p:
            d, p = d + 1, by_id[p].parent_id
        depth[c.pk] = d
    for c in sorted(nodes, key=lambda n: depth[n.pk]):
        new = Criterion.objects.create(
            framework=copy,
            parent=new_ids[c.parent_id] if c.parent_id else None,
            code=c.code,
            title=c.title,
            part=c.part,
            max_points=c.max_points,
            method=c.method,
            indicator_id=c.indicator_id,
            rule=c.rule,
            threshold=c.threshold,
            guidance=c.guidance,
            order=c.order,
        )
        new_ids[c.pk] = new
        RuleStep.objects.bulk_create(
            RuleStep(criterion=new, min_value=s.min_value, points=s.points) for s in c.steps.all()
        )
    mark_stale(framework=copy, reason="framework copied")
    return copy


def _manual_leaf(criterion: Criterion, points: Decimal | None, field: str) -> None:
    if criterion.method != Method.MANUAL or criterion.children.exists():
        raise ValidationError({"criterion": _("Tiêu chí này không chấm bằng tay.")})
    if points is not None and not (Decimal(0) <= points <= criterion.max_points):
        raise ValidationError(
            {field: _("Điểm phải từ 0 đến %(max)s.") % {"max": f"{criterion.max_points.normalize():f}"}}
        )


def _record_changes(score: Score, *, by, **new) -> None:
    """Save the score's new values and one ScoreChange row per field that
    actually changed (who, when, before, after): a score is audited like a figure."""
    changes = [
        ScoreChange(score=score, field=name, before=canonical(getattr(score, name)), after=canonical(value), by=by)
        for name, value in new.items()
        if getattr(score, name) != value
    ]
    for name, value in new.items():
        setattr(score, name, value)
    score.updated_by = by
    score.save()
    ScoreChange.objects.bulk_create(changes)


@transaction.atomic
def self_assessment_save(*, unit, criterion: Criterion, points: Decimal | None, explanation: str, files=(), by):
    """The ward's own score, with evidence or an explanation where it has none."""
    require(by, Do.SELF_ASSESS, unit.pk, _("Chỉ cán bộ của đơn vị mới tự đánh giá."))
    _manual_leaf(criterion, points, "self_points")
    if criterion.part != Part.CRITERIA:
        raise ValidationError({"criterion": _("Phần khảo sát, điểm thưởng và điểm trừ do tổ thẩm định nhập.")})
    try:
        # The same content check as every other upload of the portal: by magic
        # bytes and size, never by the file's name.
        checked = check_files(list(files), field_label=_("Tài liệu kiểm chứng"))
    except ValidationError as exc:
        raise ValidationError({"evidence": exc.messages}) from exc
    score, _created = Score.objects.select_for_update().get_or_create(criterion=criterion, unit=unit)
    has_evidence = bool(checked) or score.evidence.exists()
    if points is not None and points > 0 and not has_evidence and not explanation.strip():
        raise ValidationError({"explanation": _("Cần tài liệu kiểm chứng hoặc giải trình cho điểm tự đánh giá.")})
    _record_changes(score, by=by, self_points=points, explanation=explanation.strip())
    for upload, kind in checked:
        original = upload.name
        upload.name = stored_name(kind)
        Evidence.objects.create(score=score, file=upload, description=original[:250], uploaded_by=by)
    mark_stale(framework=criterion.framework_id, reason="self-assessment")
    return score


@transaction.atomic
def appraisal_save(*, unit, criterion: Criterion, points: Decimal | None, note: str = "", by):
    """The appraisal team's score (survey points for a survey leaf); it prevails."""
    require(by, Do.APPRAISE, unit.pk, _("Chỉ tổ thẩm định mới nhập điểm thẩm định."))
    _manual_leaf(criterion, points, "appraised_points")
    score, _created = Score.objects.select_for_update().get_or_create(criterion=criterion, unit=unit)
    _record_changes(score, by=by, appraised_points=points, appraisal_note=note.strip())
    mark_stale(framework=criterion.framework_id, reason="appraisal")
    return score
