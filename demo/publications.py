"""What HĐND thành phố Bắc Kạn published in the demo: what is real — the
re-supervision of phường Xuất Hóa that the article reports, and the province's
announced official rankings (Xuất Hóa 106/108 in 2022, 14/108 in 2023) — and the
approved figures of 2023 (Xuất Hóa's from the article; the other wards' marked
"minh họa" on every value). The thematic supervision of 2022, whose content is
illustrative, stays unpublished. Idempotent.

Published when the demo is loaded, by the demo's supervision team: the article says
nothing of the council publishing on a portal, so no day from 2024 is made up for it."""

from django.contrib.auth import get_user_model

from demo.supervision import RESUPERVISION_TITLE
from par_index.models import OfficialRanking
from public.choices import PublicationKind
from public.services import publication_publish
from supervision.models import Supervision
from wards.models import SupervisingBody

FIGURES_YEAR = 2023


def load_publications() -> None:
    body = SupervisingBody.objects.get(name="HĐND thành phố Bắc Kạn")
    team = get_user_model().objects.get(username="giamsat")
    resup = Supervision.objects.get(body=body, title=RESUPERVISION_TITLE)
    publication_publish(body=body, kind=PublicationKind.SUPERVISION, supervision=resup, by=team)
    for ranking in OfficialRanking.objects.filter(results__unit__in=body.supervised_units()).distinct():
        publication_publish(body=body, kind=PublicationKind.RANKING, ranking=ranking, by=team)
    publication_publish(body=body, kind=PublicationKind.FIGURES, year=FIGURES_YEAR, by=team)
