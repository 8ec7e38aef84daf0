"""How the recommendation follow-up scales with the number of wards.

Against the configured database (migrated, demo loaded), inside a transaction
that is rolled back: gives every commune of the province PER_WARD open
recommendations and a clerk with an e-mail address, then measures
- the overdue list (the selector: one query) beside a naive baseline that
  loads every recommendation and asks each one (and its addressee) in Python;
- the daily reminder digests (locmem mail) beside a naive baseline that looks
  up the clerks of each recommendation one by one.
Prints the figures, then ONE JSON line.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python manage.py migrate && ... load_demo
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python benchmarks/recommendations.py [PER_WARD] [--tiny]
"""

import argparse
import datetime
import sys
from pathlib import Path

if not __package__:  # run as a script: python benchmarks/recommendations.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.common import Rollback, emit, setup, timed  # noqa: E402

DAY = datetime.date(2025, 1, 10)


def naive_overdue():
    from supervision.models import Recommendation

    out = []
    for rec in Recommendation.objects.all():
        if rec.is_overdue(DAY):
            out.append((rec.pk, rec.addressee_unit.name if rec.addressee_unit_id else rec.addressee_body.name))
    return out


def fast_overdue():
    from supervision.models import Recommendation

    return [
        (r.pk, r.addressee_unit.name if r.addressee_unit_id else r.addressee_body.name)
        for r in Recommendation.objects.overdue(DAY).select_related("addressee_unit", "addressee_body")
    ]


def naive_recipients():
    from supervision.models import Recommendation
    from wards.choices import Role
    from wards.models import Membership

    per_user = {}
    for rec in Recommendation.objects.open().filter(deadline__lte=DAY + datetime.timedelta(days=7)):
        for m in Membership.objects.filter(role=Role.CLERK, unit_id=rec.addressee_unit_id):
            per_user.setdefault(m.user_id, []).append(rec.pk)
    return per_user


def run(argv=None) -> dict:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from supervision.choices import RecommendationStatus
    from supervision.models import Recommendation, Supervision
    from supervision.reminders import send_reminder_digests
    from wards.choices import Level, Role
    from wards.models import AdministrativeUnit, Membership

    parser = argparse.ArgumentParser()
    parser.add_argument("per_ward", nargs="?", type=int, default=20, help="open recommendations per commune")
    parser.add_argument("--tiny", action="store_true", help="10 communes, 2 each: CI's run")
    args = parser.parse_args(argv)
    wards, per_ward = (10, 2) if args.tiny else (108, args.per_ward)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    figures = {}
    try:
        with transaction.atomic():
            sup = Supervision.objects.order_by("pk").first()
            communes = list(AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=False)[:wards])
            User = get_user_model()
            recs = []
            for i, unit in enumerate(communes):
                user, _ = User.objects.get_or_create(
                    username=f"bench_clerk_{i}", defaults={"email": f"c{i}@example.vn"}
                )
                Membership.objects.get_or_create(user=user, role=Role.CLERK, unit=unit)
                for k in range(per_ward):
                    recs.append(
                        Recommendation(
                            supervision=sup,
                            number=k + 1,
                            text=f"Kiến nghị {k}",
                            addressee_unit=unit,
                            deadline=DAY + datetime.timedelta(days=(k % 20) - 10),
                            status=RecommendationStatus.IN_PROGRESS,
                        )
                    )
            Recommendation.objects.bulk_create(recs, batch_size=1000)
            total = Recommendation.objects.count()
            slow, slow_ms, slow_q = timed(naive_overdue)
            fast, fast_ms, fast_q = timed(fast_overdue)
            assert sorted(slow) == sorted(fast)
            _, naive_ms, naive_q = timed(naive_recipients)
            result, digest_ms, digest_q = timed(lambda: send_reminder_digests(on=DAY, days_before=7))
            print(f"wards: {len(communes)}, recommendations: {total}, overdue on {DAY:%d/%m/%Y}: {len(fast)}")
            print(
                f"overdue list   selector: {fast_ms:8.1f} ms {fast_q:5d} queries | naive: {slow_ms:8.1f} ms {slow_q:5d} queries"
            )
            print(
                f"digests        service : {digest_ms:8.1f} ms {digest_q:5d} queries ({result.sent} mails) | "
                f"naive recipient lookup alone: {naive_ms:8.1f} ms {naive_q:5d} queries"
            )
            figures = {
                "benchmark": "recommendations",
                "tiny": args.tiny,
                "wards": len(communes),
                "recommendations": total,
                "overdue": len(fast),
                "overdue_ms": round(fast_ms, 1),
                "overdue_queries": fast_q,
                "overdue_naive_ms": round(slow_ms, 1),
                "overdue_naive_queries": slow_q,
                "digest_ms": round(digest_ms, 1),
                "digest_queries": digest_q,
                "digests_sent": result.sent,
                "recipients_naive_ms": round(naive_ms, 1),
                "recipients_naive_queries": naive_q,
            }
            raise Rollback
    except Rollback:
        pass
    return emit(figures)


if __name__ == "__main__":
    setup(migrate=False)
    run()
