"""The publishing page's reads and its form: what a body may publish, and what it has."""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digital_metrics.choices import ReportStatus
from digital_metrics.models import QuarterlyReport
from documents.choices import PaperStatus
from documents.models import Paper
from par_index.models import OfficialRanking
from public.choices import PublicationKind
from public.models import Publication
from public.services import publisher_body_ids
from supervision.models import Supervision
from wards.choices import BodyKind
from wards.models import SupervisingBody


def bodies_of(user) -> list[SupervisingBody]:
    return list(
        SupervisingBody.objects.filter(pk__in=publisher_body_ids(user), kind=BodyKind.HDND)
        .select_related("unit")
        .order_by("name")
    )


@dataclass
class Item:
    """Something the body may publish, and its live publication if it has one."""

    kind: str
    target: int
    label: str
    publication: Publication | None = None
    note: str = ""


@dataclass
class Section:
    body: SupervisingBody
    items: list[Item] = field(default_factory=list)


def section(body: SupervisingBody) -> Section:
    live = list(Publication.objects.active().filter(body=body))
    key = {(p.kind, p.supervision_id or p.paper_id or p.ranking_id or p.year): p for p in live}
    units = body.supervised_units()
    out = Section(body)
    for s in Supervision.objects.filter(body=body).order_by("-date", "-pk"):
        out.items.append(Item(PublicationKind.SUPERVISION, s.pk, s.title, key.get((PublicationKind.SUPERVISION, s.pk))))
    for p in (
        Paper.objects.filter(supervision__body=body, status=PaperStatus.ISSUED)
        .select_related("supervision")
        .order_by("-issued_on", "-pk")
    ):
        label = f"{p.get_kind_display()} {p.number} ({p.supervision.title})"
        out.items.append(Item(PublicationKind.PAPER, p.pk, label, key.get((PublicationKind.PAPER, p.pk))))
    rankings = (
        OfficialRanking.objects.filter(results__unit__in=units)
        .distinct()
        .select_related("framework__province")
        .order_by("-framework__year", "-published_at")
    )
    for r in rankings:
        label = _("Xếp hạng chỉ số CCHC năm %(y)s, %(p)s (%(d)s)") % {
            "y": r.framework.year,
            "p": r.framework.province.name,
            "d": r.decision or r.get_source_display(),
        }
        out.items.append(Item(PublicationKind.RANKING, r.pk, label, key.get((PublicationKind.RANKING, r.pk))))
    years = (
        QuarterlyReport.objects.filter(unit__in=units, status=ReportStatus.APPROVED)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    for y in years:
        label = _("Số liệu đã duyệt năm %(y)s của các đơn vị") % {"y": y}
        out.items.append(Item(PublicationKind.FIGURES, y, label, key.get((PublicationKind.FIGURES, y))))
    return out


class PublishForm(forms.Form):
    body = forms.IntegerField(label=gettext_lazy("Cơ quan"))
    kind = forms.ChoiceField(label=gettext_lazy("Nội dung công bố"), choices=PublicationKind.choices)
    target = forms.IntegerField(label=gettext_lazy("Nội dung"), min_value=1)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        body = SupervisingBody.objects.filter(pk=data["body"]).first()
        if body is None:
            raise forms.ValidationError(_("Không có cơ quan này."))
        data["body_obj"] = body
        kind, target = data["kind"], data["target"]
        model = {
            PublicationKind.SUPERVISION: Supervision,
            PublicationKind.PAPER: Paper,
            PublicationKind.RANKING: OfficialRanking,
        }.get(kind)
        if model is not None:
            obj = model.objects.filter(pk=target).first()
            if obj is None:
                raise forms.ValidationError(_("Không tìm thấy nội dung cần công bố."))
            data["obj"] = obj
        return data

    def publication_target(self) -> dict:
        data = self.cleaned_data
        kind = data["kind"]
        out = {"body": data["body_obj"], "kind": kind}
        if kind == PublicationKind.FIGURES:
            out["year"] = data["target"]
        else:
            out[{"supervision": "supervision", "paper": "paper", "ranking": "ranking"}[kind]] = data["obj"]
        return out
