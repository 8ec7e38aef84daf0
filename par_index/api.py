"""GET /api/v1/rankings/?scope=CODE&year=YYYY and
GET /api/v1/rankings/{scope}/{year}/{unit_code}/ (the breakdown)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from par_index import official, selectors


class RankingQuerySerializer(serializers.Serializer):
    scope = serializers.RegexField(
        r"^\d{2,5}$", help_text="Mã tỉnh, ví dụ 06", error_messages={"invalid": "Mã tỉnh gồm 2–5 chữ số."}
    )
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    on = serializers.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text="YYYY-MM-DD: the official ranking in force at the end of that day (no recomputed results).",
    )


class OfficialLineSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    cohort_size = serializers.IntegerField()
    index_percent = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    band = serializers.CharField()
    note = serializers.CharField()


class ChangeSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    by = serializers.SerializerMethodField()
    what = serializers.CharField()
    why = serializers.CharField()

    def get_by(self, change) -> str | None:
        return (change.by.get_full_name() or change.by.username) if change.by else None


class PublicationSerializer(serializers.Serializer):
    source = serializers.CharField()
    decision = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)
    reference = serializers.CharField()
    note = serializers.CharField()
    is_complete = serializers.BooleanField(help_text="False: the publication lists some units only.")
    published_at = serializers.DateTimeField()
    published_by = serializers.CharField(source="published_by.username", allow_null=True, default=None)


class UnitResultSerializer(serializers.Serializer):
    """A unit's PAR result, as a ranking row and a breakdown give it."""

    unit_code = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    score = serializers.DecimalField(
        source="result.points", max_digits=9, decimal_places=2, allow_null=True, default=None
    )
    maximum = serializers.DecimalField(
        source="result.maximum", max_digits=9, decimal_places=2, allow_null=True, default=None
    )
    index_percent = serializers.DecimalField(
        source="result.index_percent", max_digits=9, decimal_places=2, allow_null=True, default=None
    )
    band = serializers.CharField(source="result.band", allow_null=True, default=None)
    rank = serializers.IntegerField(source="result.rank", allow_null=True, default=None)
    cohort_size = serializers.IntegerField(source="result.cohort_size", allow_null=True, default=None)


class RankingRowSerializer(UnitResultSerializer):
    """score … cohort_size: the portal's recomputed result (null in an as-of
    read); ``official``: the unit's line of the official ranking, if any."""

    cohort = serializers.CharField(source="result.cohort", allow_null=True, default=None)
    official = OfficialLineSerializer(allow_null=True)
    differs = serializers.BooleanField(help_text="The recomputed result differs from the official one.")
    changes = ChangeSerializer(many=True, help_text="What changed the recomputed result since the publication.")
    previous_rank = serializers.IntegerField(allow_null=True)
    previous_cohort_size = serializers.IntegerField(source="previous_size", allow_null=True)


class RankingSerializer(serializers.Serializer):
    scope = serializers.CharField(source="framework.province.code")
    scope_name = serializers.CharField(source="framework.province.name")
    year = serializers.IntegerField(source="framework.year")
    framework = serializers.CharField(source="framework.name")
    framework_status = serializers.CharField(source="framework.status")
    is_example = serializers.BooleanField(source="framework.is_example")
    stale = serializers.BooleanField(help_text="Có thay đổi đang chờ tính lại.")
    on = serializers.DateField(allow_null=True)
    official = PublicationSerializer(allow_null=True, help_text="The official ranking in force (frozen), if any.")
    results = RankingRowSerializer(many=True, source="rows")


class BreakdownRowSerializer(serializers.Serializer):
    code = serializers.CharField(source="criterion.code")
    title = serializers.CharField(source="criterion.title")
    part = serializers.CharField(source="criterion.part")
    depth = serializers.IntegerField()
    is_leaf = serializers.BooleanField()
    max_points = serializers.DecimalField(source="criterion.max_points", max_digits=7, decimal_places=2)
    method = serializers.CharField(source="criterion.method")
    indicator = serializers.CharField(source="criterion.indicator.code", allow_null=True, default=None)
    rule = serializers.CharField()
    input = serializers.CharField(source="input_text")
    self_points = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    appraised_points = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    points = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)


class BreakdownSerializer(UnitResultSerializer):
    scope = serializers.CharField(source="framework.province.code")
    year = serializers.IntegerField(source="framework.year")
    previous_index_percent = serializers.DecimalField(
        source="previous.index_percent", max_digits=9, decimal_places=2, allow_null=True, default=None
    )
    previous_rank = serializers.IntegerField(source="previous.rank", allow_null=True, default=None)
    official = OfficialLineSerializer(source="standing.official", allow_null=True)
    differs = serializers.BooleanField(source="standing.differs")
    changes = ChangeSerializer(source="standing.changes", many=True)
    criteria = BreakdownRowSerializer(many=True, source="rows")


class RankingListView(APIView):
    """Rankings of a province's commune-level units for a year (published results)."""

    @extend_schema(
        operation_id="rankings_list",
        parameters=[
            OpenApiParameter("scope", str, required=True, description="Mã tỉnh (ví dụ 06)"),
            OpenApiParameter("year", int, required=True, description="Năm đánh giá"),
            OpenApiParameter("on", str, description="YYYY-MM-DD: kết quả chính thức đang có hiệu lực ngày đó"),
        ],
        responses=RankingSerializer,
    )
    def get(self, request):
        query = RankingQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        framework = selectors.framework_for(query.validated_data["scope"], query.validated_data["year"])
        data = selectors.ranking(framework, on=query.validated_data.get("on"), user=request.user)
        return Response(RankingSerializer(data).data)


class RankingDetailView(APIView):
    """Why a unit has its score: every criterion with input, rule, self and appraised points."""

    @extend_schema(operation_id="rankings_breakdown", responses=BreakdownSerializer)
    def get(self, request, scope: str, year: int, unit_code: str):
        framework = selectors.framework_for(scope, year)
        unit = selectors.unit_in_scope(framework, unit_code)
        b = selectors.breakdown(framework, unit)
        b.standing = official.unit_standing(framework, unit, b.result, request.user)
        return Response(BreakdownSerializer(b).data)
