"""Events other apps react to, sent by digital_metrics services.

digital_metrics sits low in the layering and may not import the apps above it
(par_index recomputes rankings when a report is approved), so it announces the
event and they subscribe in their AppConfig.ready(). Each signal is sent
*inside* the service's transaction, so a receiver's writes (a stale mark)
commit or roll back with the change itself; receivers defer any Celery
enqueue with transaction.on_commit.
"""

from django.dispatch import Signal

# Sent with report=QuarterlyReport, by=User, after the report became approved
# (or, when approved=False, stopped being approved: reopened by an admin).
report_approval_changed = Signal()

# Sent with report=QuarterlyReport, by=User, before=the status it left, after a
# report changed status (submitted, approved, returned, reopened): the pages
# that count statuses (the supervision team's overview) drop what they cached.
report_status_changed = Signal()
