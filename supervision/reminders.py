"""Deadline reminders: one e-mail digest per person per day, listing the
recommendations addressed to them that are due within the configured number
of days or already overdue. The digest row is claimed (unique per user and
day) before the mail goes out, so a second run the same day, or two workers at
once, send nothing more."""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from supervision.models import Recommendation, ReminderDigest
from wards.choices import Role
from wards.models import Membership

log = logging.getLogger(__name__)


@dataclass
class DigestResult:
    sent: int = 0
    skipped: int = 0  # already had today's digest
    failed: int = 0


def due_recommendations(*, on: datetime.date, days_before: int) -> list[Recommendation]:
    horizon = on + datetime.timedelta(days=days_before)
    return list(
        Recommendation.objects.open()
        .filter(deadline__isnull=False, deadline__lte=horizon)
        .select_related("supervision", "supervision__body", "addressee_unit", "addressee_body")
        .order_by("deadline", "pk")
    )


def recipients(recs: list[Recommendation]) -> dict[int, list[Recommendation]]:
    """user id → the recommendations they answer for: the clerks of the
    addressee unit, or the members of the addressee body."""
    unit_ids = {r.addressee_unit_id for r in recs if r.addressee_unit_id}
    body_ids = {r.addressee_body_id for r in recs if r.addressee_body_id}
    by_unit, by_body = defaultdict(set), defaultdict(set)
    for user_id, role, unit_id, body_id in Membership.objects.filter(
        Q(role=Role.CLERK, unit_id__in=unit_ids) | Q(body_id__in=body_ids)
    ).values_list("user_id", "role", "unit_id", "body_id"):
        if role == Role.CLERK:
            by_unit[unit_id].add(user_id)
        else:
            by_body[body_id].add(user_id)
    out: dict[int, list[Recommendation]] = defaultdict(list)
    for rec in recs:
        users = by_unit[rec.addressee_unit_id] if rec.addressee_unit_id else by_body[rec.addressee_body_id]
        for user_id in users:
            out[user_id].append(rec)
    return out


def send_reminder_digests(*, on: datetime.date | None = None, days_before: int | None = None) -> DigestResult:
    on = on or timezone.localdate()
    days_before = settings.SUPERVISION_REMINDER_DAYS_BEFORE if days_before is None else days_before
    result = DigestResult()
    per_user = recipients(due_recommendations(on=on, days_before=days_before))
    users = get_user_model().objects.in_bulk(list(per_user))
    for user_id, recs in sorted(per_user.items()):
        user = users[user_id]
        if not user.email or not user.is_active:
            continue
        try:
            with transaction.atomic():
                digest = ReminderDigest.objects.create(user=user, day=on)
        except IntegrityError:
            result.skipped += 1
            continue
        overdue = [r for r in recs if r.deadline < on]
        soon = [r for r in recs if r.deadline >= on]
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Nhắc hạn kiến nghị: %(overdue)s quá hạn, %(soon)s sắp đến hạn") % {
                "overdue": len(overdue),
                "soon": len(soon),
            }
            body = render_to_string(
                "supervision/email/digest.txt", {"user": user, "overdue": overdue, "soon": soon, "on": on}
            )
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except Exception:
            # Release the claim so that the next run retries this person today.
            log.exception("reminder digest to user %s failed", user_id)
            digest.delete()
            result.failed += 1
            continue
        digest.sent_at = timezone.now()
        digest.save(update_fields=["sent_at"])
        digest.recommendations.set(recs)
        result.sent += 1
    return result
