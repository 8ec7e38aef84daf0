"""The services: workflow steps, who may take them, the audit rows, the
approval signal inside the transaction, the period lock and reopening."""

import datetime

import pytest
from django.db import transaction

from digital_metrics.choices import AuditAction, ReportStatus
from digital_metrics.models import AuditEntry, PeriodLock, QuarterlyReport
from digital_metrics.reports import services
from digital_metrics.reports.signals import report_approval_changed
from wards.models import SupervisingBody

from .conftest import old_commune

pytestmark = pytest.mark.django_db


def test_save_writes_values_bumps_version_and_audits_each_change(songcau_draft, user):
    clerk = user("canbo_songcau")
    changes = services.report_save_values(
        report=songcau_draft, raw={"copy_certifications_electronic": "50", "campaigns_mobile": "2"}, version=1, by=clerk
    )
    assert {c.code for c in changes} == {"copy_certifications_electronic", "campaigns_mobile"}
    songcau_draft.refresh_from_db()
    assert songcau_draft.version == 2 and songcau_draft.updated_by == clerk
    rows = AuditEntry.objects.filter(report=songcau_draft, action=AuditAction.VALUE).order_by("indicator_code")
    assert [(r.indicator_code, r.before, r.after, r.version, r.by) for r in rows] == [
        ("campaigns_mobile", "1", "2", 2, clerk),
        ("copy_certifications_electronic", "47", "50", 2, clerk),
    ]


def test_a_save_without_change_keeps_the_version(songcau_draft, user):
    assert (
        services.report_save_values(
            report=songcau_draft, raw={"campaigns_mobile": "1"}, version=1, by=user("canbo_songcau")
        )
        == []
    )
    songcau_draft.refresh_from_db()
    assert songcau_draft.version == 1
    assert not AuditEntry.objects.filter(report=songcau_draft).exists()


def test_invalid_values_save_nothing(songcau_draft, user):
    with pytest.raises(services.ReportInvalid) as exc:
        services.report_save_values(
            report=songcau_draft,
            raw={"campaigns_mobile": "3", "copy_certifications_electronic": "300"},
            version=1,
            by=user("canbo_songcau"),
        )
    assert exc.value.errors[0].field == "copy_certifications_electronic"
    songcau_draft.refresh_from_db()
    assert songcau_draft.version == 1
    assert songcau_draft.values.get(indicator__code="campaigns_mobile").value == 1
    assert not AuditEntry.objects.filter(report=songcau_draft).exists()


def test_a_far_value_needs_confirmation_then_is_audited_as_confirmed(songcau_draft, user):
    clerk = user("canbo_songcau")
    with pytest.raises(services.ReportInvalid) as exc:
        services.report_save_values(report=songcau_draft, raw={"broadcasts_loudspeaker": "60"}, version=1, by=clerk)
    assert exc.value.needs_confirmation
    assert "khác xa quý trước" in exc.value.warnings[0].message
    services.report_save_values(
        report=songcau_draft, raw={"broadcasts_loudspeaker": "60"}, version=1, by=clerk, confirm_warnings=True
    )
    assert AuditEntry.objects.get(report=songcau_draft, indicator_code="broadcasts_loudspeaker").reason


def test_stale_version_is_a_conflict_listing_the_other_persons_changes(songcau_draft, user, songcau_colleague):
    services.report_save_values(report=songcau_draft, raw={"campaigns_mobile": "2"}, version=1, by=songcau_colleague)
    stale = QuarterlyReport.objects.get(pk=songcau_draft.pk)
    with pytest.raises(services.ReportConflict) as exc:
        services.report_save_values(report=stale, raw={"campaigns_mobile": "4"}, version=1, by=user("canbo_songcau"))
    assert "phiên bản 1, nay là 2" in exc.value.message
    assert [(c.indicator_code, c.before, c.after) for c in exc.value.changes] == [("campaigns_mobile", "1", "2")]
    assert QuarterlyReport.objects.get(pk=songcau_draft.pk).values.get(indicator__code="campaigns_mobile").value == 2


@pytest.mark.parametrize("username", ["canbo_xuathoa", "giamsat", "noivu_thanhpho", "thamdinh_snv"])
def test_others_cannot_write_or_submit(songcau_draft, user, username):
    with pytest.raises(services.ReportForbidden):
        services.report_save_values(report=songcau_draft, raw={"campaigns_mobile": "2"}, version=1, by=user(username))
    with pytest.raises(services.ReportForbidden):
        services.report_submit(report=songcau_draft, version=1, by=user(username))


@pytest.mark.parametrize("username", ["canbo_songcau", "canbo_xuathoa", "giamsat", "thamdinh_snv", "admin"])
def test_only_the_ubnd_reviewer_approves_or_returns(songcau_draft, user, username):
    services.report_submit(report=songcau_draft, version=1, by=user("canbo_songcau"))
    for step in (services.report_approve, services.report_return):
        kwargs = {"reason": "x"} if step is services.report_return else {}
        with pytest.raises(services.ReportForbidden):
            step(report=songcau_draft, version=2, by=user(username), **kwargs)


def test_workflow_submit_return_resubmit_approve_with_audit(songcau_draft, user):
    clerk, reviewer = user("canbo_songcau"), user("noivu_thanhpho")
    services.report_submit(report=songcau_draft, version=1, by=clerk)
    assert songcau_draft.status == ReportStatus.SUBMITTED and songcau_draft.submitted_by == clerk
    with pytest.raises(services.ReportNotEditable):
        services.report_save_values(report=songcau_draft, raw={"campaigns_mobile": "2"}, version=2, by=clerk)
    with pytest.raises(services.ReportInvalid) as exc:
        services.report_return(report=songcau_draft, version=2, by=reviewer, reason="  ")
    assert exc.value.errors[0].field == "reason"
    services.report_return(report=songcau_draft, version=2, by=reviewer, reason="Thiếu số hồ sơ bưu chính")
    songcau_draft.refresh_from_db()
    assert songcau_draft.status == ReportStatus.RETURNED and songcau_draft.returned_reason == "Thiếu số hồ sơ bưu chính"
    services.report_save_values(report=songcau_draft, raw={"dossiers_postal": "0"}, version=3, by=clerk)
    services.report_submit(report=songcau_draft, version=3, by=clerk)  # nothing changed: version stays 3
    services.report_approve(report=songcau_draft, version=4, by=reviewer)
    songcau_draft.refresh_from_db()
    assert songcau_draft.status == ReportStatus.APPROVED and songcau_draft.approved_by == reviewer
    statuses = list(
        AuditEntry.objects.filter(report=songcau_draft, action=AuditAction.STATUS)
        .order_by("pk")
        .values_list("before", "after", "by__username", "reason")
    )
    assert statuses == [
        ("draft", "submitted", "canbo_songcau", ""),
        ("submitted", "returned", "noivu_thanhpho", "Thiếu số hồ sơ bưu chính"),
        ("returned", "submitted", "canbo_songcau", ""),
        ("submitted", "approved", "noivu_thanhpho", ""),
    ]
    with pytest.raises(services.ReportNotEditable):
        services.report_save_values(report=songcau_draft, raw={"campaigns_mobile": "2"}, version=5, by=clerk)


def test_submit_refuses_an_invalid_or_empty_report(user):
    clerk = user("canbo_xuathoa")
    report, created = services.report_start(unit=old_commune("01855"), year=2024, quarter=2, by=clerk)
    assert created and report.status == ReportStatus.DRAFT
    with pytest.raises(services.ReportInvalid, match="chưa có số liệu"):
        services.report_submit(report=report, version=1, by=clerk)


def test_no_report_outside_the_units_life(user):
    with pytest.raises(services.ReportNotEditable, match="không tồn tại"):
        services.report_start(unit=old_commune("01855"), year=2025, quarter=3, by=user("canbo_xuathoa"))


def test_approval_signal_is_sent_inside_the_transaction(songcau_draft, user):
    seen = []

    def receiver(sender, report, by, approved, **kwargs):
        seen.append((report.pk, by.username, approved, transaction.get_connection().in_atomic_block))
        # A receiver's write commits or rolls back with the approval itself.
        assert QuarterlyReport.objects.get(pk=report.pk).status == (
            ReportStatus.APPROVED if approved else ReportStatus.RETURNED
        )

    report_approval_changed.connect(receiver)
    try:
        services.report_submit(report=songcau_draft, version=1, by=user("canbo_songcau"))
        services.report_approve(report=songcau_draft, version=2, by=user("noivu_thanhpho"))
        services.report_reopen(report=songcau_draft, version=3, by=user("noivu_thanhpho"), reason="Sai số hộ")
    finally:
        report_approval_changed.disconnect(receiver)
    assert seen == [(songcau_draft.pk, "noivu_thanhpho", True, True), (songcau_draft.pk, "noivu_thanhpho", False, True)]


def test_bulk_approve_is_all_or_nothing(songcau_draft, user):
    services.report_submit(report=songcau_draft, version=1, by=user("canbo_songcau"))
    other = QuarterlyReport.objects.get(unit=old_commune("01855"), year=2023, quarter=4)  # approved already
    with pytest.raises(services.ReportNotEditable):
        services.reports_approve(items=[(songcau_draft, 2), (other, other.version)], by=user("noivu_thanhpho"))
    songcau_draft.refresh_from_db()
    assert songcau_draft.status == ReportStatus.SUBMITTED


def test_period_lock_after_the_deadline_and_reopen_one_ward(songcau_draft, user, xuathoa_q1, settings):
    reviewer, clerk = user("noivu_thanhpho"), user("canbo_songcau")
    ubnd = SupervisingBody.objects.get(name="UBND thành phố Bắc Kạn")
    settings.REPORT_DEADLINE_DAYS = 20
    with pytest.raises(services.ReportNotEditable, match="Chưa hết hạn"):
        services.period_lock(body=ubnd, year=2024, quarter=2, by=reviewer, today=datetime.date(2024, 7, 20))
    for refused in (clerk, user("admin"), user("giamsat")):
        with pytest.raises(services.ReportForbidden):
            services.period_lock(body=ubnd, year=2024, quarter=2, by=refused, today=datetime.date(2024, 7, 21))
    services.period_lock(body=ubnd, year=2024, quarter=2, by=reviewer, today=datetime.date(2024, 7, 21))
    assert AuditEntry.objects.filter(action=AuditAction.LOCK, year=2024, quarter=2, by=reviewer).exists()
    with pytest.raises(services.ReportNotEditable, match="khóa"):
        services.report_save_values(report=songcau_draft, raw={"campaigns_mobile": "2"}, version=1, by=clerk)
    with pytest.raises(services.ReportNotEditable):
        services.report_submit(report=songcau_draft, version=1, by=clerk)
    with pytest.raises(services.ReportInvalid):
        services.report_reopen(report=songcau_draft, version=1, by=reviewer, reason="")
    services.report_reopen(report=songcau_draft, version=1, by=reviewer, reason="Đơn vị xin bổ sung số hộ")
    songcau_draft.refresh_from_db()
    assert songcau_draft.lock_exempt and songcau_draft.status == ReportStatus.RETURNED
    services.report_save_values(report=songcau_draft, raw={"campaigns_mobile": "2"}, version=2, by=clerk)
    services.report_submit(report=songcau_draft, version=3, by=clerk)
    services.report_approve(report=songcau_draft, version=4, by=reviewer)
    songcau_draft.refresh_from_db()
    assert not songcau_draft.lock_exempt  # approved again: the lock applies again
    assert PeriodLock.objects.filter(year=2024, quarter=2).count() == 1


def test_reopening_an_approved_report(xuathoa_q1, user):
    services.report_reopen(report=xuathoa_q1, version=1, by=user("noivu_thanhpho"), reason="Sửa số CCCD")
    xuathoa_q1.refresh_from_db()
    assert xuathoa_q1.status == ReportStatus.RETURNED and xuathoa_q1.reopened_reason == "Sửa số CCCD"
    entry = AuditEntry.objects.get(report=xuathoa_q1, action=AuditAction.REOPEN)
    assert (entry.before, entry.after, entry.reason) == ("approved", "returned", "Sửa số CCCD")
    services.report_save_values(report=xuathoa_q1, raw={"chip_id_cards": "2.600"}, version=2, by=user("canbo_xuathoa"))
    assert xuathoa_q1.values.get(indicator__code="chip_id_cards").value == 2600


def test_a_ubnd_locks_only_the_quarters_its_unit_existed_in(as_persona, user):
    """UBND thành phố Bắc Kạn ended with the 2025 reform: no lock of a later quarter
    is offered to its reviewer, and none can be made."""
    ubnd = SupervisingBody.objects.get(name="UBND thành phố Bắc Kạn")
    page = as_persona("reviewer").get("/reports/periods/").content.decode()
    assert "Quý II/2025" in page and "Quý III/2025" not in page and "Quý I/2026" not in page
    with pytest.raises(services.ReportNotEditable, match="không tồn tại trong quý này"):
        services.period_lock(
            body=ubnd, year=2025, quarter=3, by=user("noivu_thanhpho"), today=datetime.date(2026, 1, 1)
        )
    assert not PeriodLock.objects.filter(body=ubnd, year=2025, quarter=3).exists()
