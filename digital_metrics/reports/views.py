"""Pages of the data-entry workflow: a report, its entry form, the workflow
steps, the reviewers' list and the period locks. Thin: the rules are in
services (writes), state (what can change now), selectors (reads) and
access (who)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.collation import sort_vi
from core.dates import date_line
from core.names import place_name
from core.numbers import notation_of
from digital_metrics.catalogue.selectors import catalogue, relations
from digital_metrics.catalogue.validation import client_rules, completeness
from digital_metrics.choices import ReportStatus, Section
from digital_metrics.models import PeriodLock, QuarterlyReport
from digital_metrics.periods import Quarter, quarters_between
from digital_metrics.reports import services
from digital_metrics.reports.access import locate
from digital_metrics.reports.excel.pipeline import may_import
from digital_metrics.reports.figures import aggregate, entries_of, raw_values
from digital_metrics.reports.forms import ReasonForm, ReportForm, initial_values
from digital_metrics.reports.selectors import changes_since_approval, history
from digital_metrics.reports.state import Locks, can_lock, deadline, state_of
from digital_metrics.reports.values import DOSSIER_CODES
from wards.access import Do, access_for
from wards.choices import Role
from wards.models import SupervisingBody


def report_url(unit, period: Quarter, suffix: str = "") -> str:
    return reverse("reports:detail", args=[unit.code, period.year, period.quarter]) + suffix


def _values(report) -> dict:
    return raw_values([report.pk]).get(report.pk, {}) if report else {}


def _previous(located) -> tuple[QuarterlyReport | None, dict]:
    prev = located.period.previous()
    report = (
        QuarterlyReport.objects.for_user(located.user, "view")
        .filter(unit=located.unit, year=prev.year, quarter=prev.quarter)
        .first()
    )
    return report, _values(report)


def _sections(indicators, figures, prev_figures):
    out = []
    for value, label in Section.choices:
        rows = [(i, figures.get(i.code), prev_figures.get(i.code)) for i in indicators if i.section == value]
        if rows:
            out.append((label, rows))
    return out


@login_required
def report_detail(request, code, year, quarter):
    located = locate(request.user, code, year, quarter)
    report, period = located.report, located.period
    indicators = catalogue()
    current = _values(report)
    prev_report, prev_values = _previous(located)
    figures = aggregate(indicators, entries_of([report], {report.pk: current})) if report else {}
    prev_figures = (
        aggregate(indicators, entries_of([prev_report], {prev_report.pk: prev_values})) if prev_report else {}
    )
    changes, never_approved = changes_since_approval(report, indicators, current) if report else ([], False)
    filled, expected, missing = completeness(indicators, current)
    context = {
        "located": located,
        "unit": located.unit,
        "period": period,
        "report": report,
        "sections": _sections(indicators, figures, prev_figures),
        "prev_report": prev_report,
        "changes": changes,
        "never_approved": never_approved,
        "filled": filled,
        "expected": expected,
        "missing": missing,
        "history": history(report) if report else [],
        "by_code": {i.code: i for i in indicators},
        "reason_form": ReasonForm(initial={"version": report.version if report else 0}),
        "nav": "reports",
    }
    return render(request, "digital_metrics/report_detail.html", context)


@login_required
def report_print(request, code, year, quarter):
    """A report sent or approved, on A4 paper for the ward to sign and stamp
    (Nghị định 30/2020's layout: the body and its number, the national motto,
    the place and date, the title, the figures, the signature and "Nơi nhận").
    The paper is in Vietnamese whatever the page's language."""
    located = locate(request.user, code, year, quarter)
    report, unit = located.report, located.unit
    if report is None or not located.state.is_done:
        raise Http404(_("Chỉ in được báo cáo đã gửi hoặc đã duyệt."))
    indicators = catalogue()
    figures = aggregate(indicators, entries_of([report], {report.pk: _values(report)}))
    sent = timezone.localtime(report.submitted_at).date() if report.submitted_at else None
    # The screen's toolbar speaks the reader's language; the paper under it is Vietnamese.
    toolbar = {
        "language": translation.get_language(),
        "print": _("In báo cáo (khổ A4)"),
        "back": _("Quay lại báo cáo"),
    }
    with translation.override("vi"):
        context = {
            "toolbar": toolbar,
            "located": located,
            "unit": unit,
            "period": located.period,
            "period_label": located.period.label,
            "report": report,
            "sections": [(str(label), rows) for label, rows in _sections(indicators, figures, {})],
            "issuer": f"UBND {unit.name}".upper(),
            "date_line": date_line(place_name(unit.name), sent),
            "above": unit.parent,
        }
        return render(request, "digital_metrics/report_print.html", context)


@login_required
def report_edit(request, code, year, quarter):
    located = locate(request.user, code, year, quarter, action="change")
    report, period = located.report, located.period
    why = located.state.refusal()
    if why:
        messages.warning(request, why)
        return redirect(report_url(located.unit, period))
    indicators = catalogue()
    current = _values(report)
    _prev_report, previous = _previous(located)
    conflict = None
    warnings = []
    initial = initial_values(indicators, current)
    initial.update(version=report.version if report else 0, note=report.note if report else "")
    locked = DOSSIER_CODES if report is not None and report.dossiers_from_fields else ()
    if request.method == "POST":
        form = ReportForm(
            request.POST,
            initial=initial,
            indicators=indicators,
            previous=previous,
            show_confirm=True,
            locked_codes=locked,
        )
        if form.is_valid():
            outcome = _save(request, located, form)
            if isinstance(outcome, services.ReportConflict):
                conflict = outcome
                data = request.POST.copy()
                data["version"] = str(outcome.report.version)
                form = ReportForm(
                    data,
                    initial=initial,
                    indicators=indicators,
                    previous=previous,
                    show_confirm=True,
                    locked_codes=locked,
                )
                form.is_valid()
            elif isinstance(outcome, services.ReportInvalid):
                form.add_issues(outcome.errors)
                if not outcome.errors and not outcome.warnings:
                    form.add_error(None, outcome.message)
                warnings = outcome.warnings
            else:
                return redirect(outcome)
    else:
        form = ReportForm(initial=initial, indicators=indicators, previous=previous, locked_codes=locked)
    filled, expected, _missing = completeness(indicators, {code: form[code].value() for code in form.codes})
    context = {
        "located": located,
        "unit": located.unit,
        "period": period,
        "report": report,
        "form": form,
        "conflict": conflict,
        "warnings": warnings,
        "notation": notation_of(),
        "by_code": {i.code: i for i in indicators},
        # The catalogue's rules for the page's script, and how much is filled in.
        "rules": client_rules(indicators=indicators, relations=relations(), previous=previous),
        "rule_labels": {
            "error": _("Lỗi:"),
            "warning": _("Cần xác nhận:"),
            "summary": _("Đang có %(errors)s lỗi và %(warnings)s cảnh báo cần xem lại."),
        },
        "filled": filled,
        "expected": expected,
        "nav": "reports",
    }
    return render(request, "digital_metrics/report_form.html", context)


def _save(request, located, form):
    """Create the draft if needed, save, and submit when asked: one transaction,
    so a submit refused by validation leaves the saved values unsaved too."""
    submit = "submit" in request.POST
    version = form.cleaned_data["version"]
    try:
        with transaction.atomic():
            report, changes = services.report_write(
                unit=located.unit,
                year=located.period.year,
                quarter=located.period.quarter,
                raw=form.raw_values(),
                version=version,
                by=request.user,
                confirm_warnings=form.cleaned_data.get("confirm_warnings", False),
                note=form.cleaned_data.get("note", ""),
                notation=notation_of(),
            )
            if submit:
                services.report_submit(report=report, version=report.version, by=request.user)
    except (services.ReportConflict, services.ReportInvalid) as exc:
        return exc
    except services.ReportNotEditable as exc:
        messages.error(request, exc.message)
        return report_url(located.unit, located.period)
    if submit:
        messages.success(request, _("Đã gửi báo cáo %(period)s để duyệt.") % {"period": located.period.label})
    else:
        messages.success(request, _("Đã lưu bản nháp (%(n)s giá trị thay đổi).") % {"n": len(changes)})
    return report_url(located.unit, located.period)


# The workflow's steps: the service, who may take it (locate's action), what
# it reads from the form besides the version, and what the user is told.
STEPS = {
    "submit": (services.report_submit, "change", (), gettext_lazy("Đã gửi báo cáo %(period)s để duyệt.")),
    "approve": (services.report_approve, "manage", (), gettext_lazy("Đã duyệt báo cáo %(period)s.")),
    "return": (services.report_return, "manage", ("reason",), gettext_lazy("Đã trả lại báo cáo cho đơn vị.")),
    "reopen": (
        services.report_reopen,
        "manage",
        ("reason",),
        gettext_lazy("Đã mở lại báo cáo; đơn vị sửa được số liệu."),
    ),
}


@login_required
@require_POST
def report_step(request, code, year, quarter, step: str):
    service, action, fields, done = STEPS[step]
    located = locate(request.user, code, year, quarter, action=action)
    if located.report is None:
        raise PermissionDenied(_("Chưa có báo cáo."))
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        service(report=located.report, version=version, by=request.user, **{f: request.POST.get(f, "") for f in fields})
    except services.ReportInvalid as exc:
        messages.error(request, " ".join([exc.message] + [i.message for i in exc.errors]))
    except services.ReportForbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except services.ReportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, str(done) % {"period": located.period.label})
    return redirect(report_url(located.unit, located.period))


@login_required
def review_list(request):
    """Submitted reports awaiting review; admins approve many at once."""
    access = access_for(request.user)
    can_review = access.can_any(Do.REVIEW)
    if not (can_review or access.is_admin):
        raise PermissionDenied(_("Trang này dành cho người duyệt báo cáo của UBND."))
    reports = list(
        QuarterlyReport.objects.for_user(request.user, "view")
        .filter(status=ReportStatus.SUBMITTED)
        .select_related("unit", "submitted_by")
        .order_by("-year", "-quarter")
    )
    reports = sort_vi(reports, key=lambda r: r.unit.name)
    reports.sort(key=lambda r: (-r.year, -r.quarter))
    if request.method == "POST":
        if not can_review:
            raise PermissionDenied(_("Chỉ người duyệt mới được duyệt báo cáo."))
        chosen = {int(pk) for pk in request.POST.getlist("report") if pk.isdigit()}
        items = [(r, int(request.POST.get(f"version_{r.pk}", "-1") or -1)) for r in reports if r.pk in chosen]
        if not items:
            messages.warning(request, _("Chưa chọn báo cáo nào."))
        else:
            try:
                services.reports_approve(items=items, by=request.user)
            except services.ReportForbidden as exc:
                raise PermissionDenied(exc.message) from exc
            except services.ReportError as exc:
                messages.error(request, _("Không duyệt báo cáo nào: %(why)s") % {"why": exc.message})
            else:
                messages.success(request, _("Đã duyệt %(n)s báo cáo.") % {"n": len(items)})
        return redirect("reports:review")
    locks = Locks(r.period for r in reports)
    for r in reports:
        r.locked = state_of(period=r.period, report=r, lock=locks.of(r.unit_id, r.period)).is_locked
    # The latest quarters with reports of the user's wards (units change: the
    # body's wards may have ended before today's quarter).
    periods_seen = (
        QuarterlyReport.objects.for_user(request.user, "manage")
        .values_list("year", "quarter")
        .distinct()
        .order_by("-year", "-quarter")[:4]
    )
    recent = [Quarter(y, q) for y, q in periods_seen]
    # A reviewer accepts figures, it does not write them: the upload page is for those who do (clerks, admins).
    can_import = may_import(request.user)
    context = {
        "reports": reports,
        "can_review": can_review,
        "can_import": can_import,
        "recent": recent,
        "nav": "review",
    }
    return render(request, "digital_metrics/review_list.html", context)


@login_required
def periods(request):
    """Quarters with their deadline and lock, for each UBND the user reviews for; its reviewers lock and unlock."""
    bodies = list(
        SupervisingBody.objects.filter(pk__in=access_for(request.user).bodies_as(Role.REVIEWER))
        .select_related("unit")
        .order_by("name")
    )
    if not bodies:
        raise PermissionDenied(_("Chỉ người duyệt báo cáo của UBND mới được khóa kỳ báo cáo."))
    today = timezone.localdate()
    if request.method == "POST":
        body = next((b for b in bodies if str(b.pk) == request.POST.get("body")), None)
        try:
            year, quarter = int(request.POST["year"]), int(request.POST["quarter"])
            if body is None:
                raise ValueError
            if request.POST.get("action") == "unlock":
                lock = PeriodLock.objects.get(body=body, year=year, quarter=quarter)
                services.period_unlock(lock=lock, by=request.user)
                messages.success(request, _("Đã mở khóa kỳ báo cáo."))
            else:
                services.period_lock(body=body, year=year, quarter=quarter, by=request.user)
                messages.success(request, _("Đã khóa kỳ báo cáo."))
        except (KeyError, ValueError, PeriodLock.DoesNotExist):
            messages.error(request, _("Kỳ báo cáo không hợp lệ."))
        except services.ReportError as exc:
            messages.error(request, exc.message)
        return redirect("reports:periods")
    quarters = list(reversed(quarters_between(Quarter(settings.REPORTING_FIRST_YEAR, 1), Quarter.of(today))))
    locks = {(lk.body_id, lk.year, lk.quarter): lk for lk in PeriodLock.objects.filter(body__in=bodies)}
    # A body's quarters are those its unit existed in (a city's UBND ended with the 2025 reform).
    tables = [
        (
            body,
            [
                (q, deadline(q), locks.get((body.pk, q.year, q.quarter)), can_lock(q, today))
                for q in quarters
                if body.unit.existed_during(q.start, q.end)
            ],
        )
        for body in bodies
    ]
    return render(request, "digital_metrics/periods.html", {"tables": tables, "today": today, "nav": "periods"})
