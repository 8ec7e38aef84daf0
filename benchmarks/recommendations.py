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
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python benchmarks/recommendations.py [PER_WARD]
"""

import datetime
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oversight_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from supervision.choices import RecommendationStatus  # noqa: E402
from supervision.models import Recommendation, Supervision  # noqa: E402
from supervision.reminders import send_reminder_digests  # noqa: E402
from wards.choices import Level, Role  # noqa: E402
from wards.models import AdministrativeUnit, Membership  # noqa: E402

PER_WARD = int(sys.argv[1]) if len(sys.argv) > 1 else 20
DAY = datetime.date(2025, 1, 10)


class Rollback(Exception):
    pass


def timed(fn):
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
    return result, elapsed * 1000, len(ctx.captured_queries)


def naive_overdue():
    out = []
    for rec in Recommendation.objects.all():
        if rec.is_overdue(DAY):
            out.append((rec.pk, rec.addressee_unit.name if rec.addressee_unit_id else rec.addressee_body.name))
    return out


def fast_overdue():
    return [
        (r.pk, r.addressee_unit.name if r.addressee_unit_id else r.addressee_body.name)
        for r in Recommendation.objects.overdue(DAY).select_related("addressee_unit", "addressee_body")
    ]


def naive_recipients():
    per_user = {}
    for rec in Recommendation.objects.open().filter(deadline__lte=DAY + datetime.timedelta(days=7)):
        for m in Membership.objects.filter(role=Role.CLERK, unit_id=rec.addressee_unit_id):
            per_user.setdefault(m.user_id, []).append(rec.pk)
    return per_user


def main():
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    figures = {}
    try:
        with transaction.atomic():
            sup = Supervision.objects.order_by("pk").first()
            communes = list(AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=False)[:108])
            User = get_user_model()
            recs = []
            for i, unit in enumerate(communes):
                user, _ = User.objects.get_or_create(
                    username=f"bench_clerk_{i}", defaults={"email": f"c{i}@example.vn"}
                )
                Membership.objects.get_or_create(user=user, role=Role.CLERK, unit=unit)
                for k in range(PER_WARD):
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
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
