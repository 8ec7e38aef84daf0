"""GET /api/v1/public/{rankings,figures,recommendations}/: the open data without
authentication (anonymous throttle per address), the same rows as the CSV and
JSON files of /public/data/, from the same cache."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import AnonThrottle
from public import cache, datasets


class PublicRankingRow(serializers.Serializer):
    body = serializers.CharField(help_text="The council (HĐND) that published it.")
    year = serializers.IntegerField()
    unit_code = serializers.CharField()
    unit_name = serializers.CharField()
    rank = serializers.IntegerField()
    cohort_size = serializers.IntegerField()
    cohort = serializers.CharField()
    index_percent = serializers.DecimalField(max_digits=9, decimal_places=4, allow_null=True, coerce_to_string=False)
    band = serializers.CharField()
    decision = serializers.CharField(help_text="The province's decision, or the source the result was read from.")
    decision_date = serializers.DateField(allow_null=True)
    source = serializers.CharField()
    note = serializers.CharField()
    published_on = serializers.DateField(help_text="The day the council published it.")


class PublicFigureRow(serializers.Serializer):
    body = serializers.CharField()
    year = serializers.IntegerField()
    unit_code = serializers.CharField()
    unit_name = serializers.CharField()
    indicator = serializers.CharField()
    indicator_name = serializers.CharField()
    value = serializers.DecimalField(max_digits=20, decimal_places=4, coerce_to_string=False)
    bound = serializers.CharField(help_text='"", "above", "below" or "approx": the value is a bound ("trên 98%").')
    numerator = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True, coerce_to_string=False)
    denominator = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True, coerce_to_string=False)
    quarters_covered = serializers.IntegerField(help_text="Quarters of the year that gave the figure (of 4).")
    target_comparison = serializers.CharField()
    target = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True, coerce_to_string=False)
    target_met = serializers.BooleanField(allow_null=True)
    target_source = serializers.CharField()
    origin = serializers.CharField(help_text="approved, system (one-stop system), article, or demo.")
    illustrative = serializers.BooleanField(help_text="True: a made-up value of the demo (shown “minh họa”).")
    published_on = serializers.DateField()


class PublicRecommendationRow(serializers.Serializer):
    body = serializers.CharField()
    supervision = serializers.CharField()
    supervision_date = serializers.DateField()
    number = serializers.IntegerField()
    text = serializers.CharField()
    addressee = serializers.CharField()
    deadline = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    status_label = serializers.CharField()
    overdue = serializers.BooleanField()
    illustrative = serializers.BooleanField()
    published_on = serializers.DateField()


def _document(name: str, row: type[serializers.Serializer]) -> type[serializers.Serializer]:
    return type(
        f"Public{name.title()}Document",
        (serializers.Serializer,),
        {
            "dataset": serializers.CharField(),
            "title": serializers.CharField(),
            "licence": serializers.CharField(),
            "published_on": serializers.DateField(allow_null=True, help_text="The latest publication in the rows."),
            "rows": row(many=True),
        },
    )


class PublicDataView(APIView):
    authentication_classes = []  # anonymous for everyone: throttled per address
    permission_classes = [AllowAny]
    throttle_classes = [AnonThrottle]
    dataset = ""

    def get(self, request):
        document = cache.cached(
            "api", lambda: datasets.as_document(datasets.table(self.dataset)), self.dataset, per_language=False
        )
        return Response(document)


def _view(name: str, row, summary: str):
    return extend_schema(summary=summary, responses=_document(name, row), auth=[], tags=["public"])(
        type(f"Public{name.title()}View", (PublicDataView,), {"dataset": name})
    )


PublicRankingsView = _view("rankings", PublicRankingRow, "Published official PAR rankings (no authentication)")
PublicFiguresView = _view("figures", PublicFigureRow, "Published approved figures against targets (no authentication)")
PublicRecommendationsView = _view(
    "recommendations",
    PublicRecommendationRow,
    "Published supervisions' recommendations and their status (no authentication)",
)
