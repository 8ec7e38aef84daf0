"""GET /api/v1/rankings/?scope=CODE&year=YYYY and
GET /api/v1/rankings/{scope}/{year}/{unit_code}/ (the breakdown)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from par_index import selectors


class RankingQuerySerializer(serializers.Serializer):
    scope = serializers.RegexField(
        r"^\d{2,5}$", help_text="Mã tỉnh, ví dụ 06", error_messages={"invalid": "Mã tỉnh gồm 2–5 chữ số."}
    )
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class RankingRowSerializer(serializers.Serializer):
    unit_code = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    cohort = serializers.CharField(source="result.cohort")
    score = serializers.DecimalField(source="result.points", max_digits=9, decimal_places=2)
    maximum = serializers.DecimalField(source="result.maximum", max_digits=9, decimal_places=2)
    index_percent = serializers.DecimalField(source="result.index_percent", max_digits=9, decimal_places=2)
    band = serializers.CharField(source="result.band")
    rank = serializers.IntegerField(source="result.rank")
    cohort_size = serializers.IntegerField(source="result.cohort_size")
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


class BreakdownSerializer(serializers.Serializer):
    scope = serializers.CharField(source="framework.province.code")
    year = serializers.IntegerField(source="framework.year")
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
    previous_index_percent = serializers.DecimalField(
        source="previous.index_percent", max_digits=9, decimal_places=2, allow_null=True, default=None
    )
    previous_rank = serializers.IntegerField(source="previous.rank", allow_null=True, default=None)
    criteria = BreakdownRowSerializer(many=True, source="rows")


class RankingListView(APIView):
    """Rankings of a province's commune-level units for a year (published results)."""

    @extend_schema(
        operation_id="rankings_list",
        parameters=[
            OpenApiParameter("scope", str, required=True, description="Mã tỉnh (ví dụ 06)"),
            OpenApiParameter("year", int, required=True, description="Năm đánh giá"),
        ],
        responses=RankingSerializer,
    )
    def get(self, request):
        query = RankingQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        framework = selectors.framework_for(query.validated_data["scope"], query.validated_data["year"])
        return Response(RankingSerializer(selectors.ranking(framework)).data)


class RankingDetailView(APIView):
    """Why a unit has its score: every criterion with input, rule, self and appraised points."""

    @extend_schema(operation_id="rankings_breakdown", responses=BreakdownSerializer)
    def get(self, request, scope: str, year: int, unit_code: str):
        framework = selectors.framework_for(scope, year)
        unit = selectors.unit_in_scope(framework, unit_code)
        return Response(BreakdownSerializer(selectors.breakdown(framework, unit)).data)
