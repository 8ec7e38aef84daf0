"""GET /api/v1/profiles/{code}/?year=YYYY&on=YYYY-MM-DD: a ward's figures as
its profile page shows them — accepted figures only, rolled up by
digital_metrics.reports.figures (rates over the same quarters, coverage), each
with its sources; reports not accepted yet in their own columns, for those
allowed to read them."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from dashboards.selectors import ward_profile
from wards.choices import Level
from wards.selectors import unit_by_code


class ProfileQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    on = serializers.DateField(required=False, input_formats=["%Y-%m-%d"])


class SourceSerializer(serializers.Serializer):
    origin = serializers.CharField(help_text="entered, system, seed (the article), split, demo")
    label = serializers.CharField()
    approved_by = serializers.CharField()
    approved_at = serializers.DateTimeField(allow_null=True)


class FigureSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True)
    text = serializers.CharField()
    bound = serializers.CharField(help_text='"", "above", "below" or "approx": the value is a bound')
    numerator = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    denominator = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    covered = serializers.IntegerField(help_text="Quarters of the span that gave the figure (for a rate: both counts).")
    expected = serializers.IntegerField(help_text="Quarters in the span.")
    illustrative = serializers.BooleanField(source="is_illustrative", help_text="Invented for the demo (minh họa).")
    source = serializers.CharField(source="source_note")
    sources = serializers.SerializerMethodField()

    def get_sources(self, figure) -> list[dict]:
        ordered = sorted(figure.sources, key=lambda s: (s.origin, str(s.approved_at or "")))
        return SourceSerializer(ordered, many=True).data


class ColumnSerializer(serializers.Serializer):
    label = serializers.CharField()
    quarters = serializers.SerializerMethodField()
    pending_status = serializers.CharField(source="pending.status", allow_null=True, default=None)
    figures = serializers.SerializerMethodField()

    def get_quarters(self, column) -> list[str]:
        return [f"{q.year}-Q{q.quarter}" for q in column.quarters]

    def get_figures(self, column) -> dict:
        return {code: FigureSerializer(f).data for code, f in sorted(column.figures.items())}


class ProfileSerializer(serializers.Serializer):
    unit_code = serializers.CharField()
    unit_name = serializers.CharField()
    on = serializers.DateField(allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    years = serializers.ListField(child=serializers.IntegerField())
    columns = ColumnSerializer(many=True)


class ProfileView(APIView):
    """A ward's accepted figures by year and by quarter, each with its sources."""

    @extend_schema(
        operation_id="profiles_retrieve",
        parameters=[
            OpenApiParameter("year", int, description="Năm xem theo quý (mặc định: năm gần nhất)"),
            OpenApiParameter("on", str, description="YYYY-MM-DD: số liệu như đã được duyệt đến hết ngày đó"),
        ],
        responses=ProfileSerializer,
    )
    def get(self, request, code: str):
        query = ProfileQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        on = query.validated_data.get("on")
        unit = unit_by_code(code, on)
        if unit.level != Level.COMMUNE:
            raise Http404(_("Hồ sơ số liệu chỉ có cho đơn vị cấp xã."))
        table = ward_profile(
            unit=unit,
            pending_readable=lambda r: r.readable_by(request.user),
            year=query.validated_data.get("year"),
            on=on,
        )
        data = {
            "unit_code": unit.code,
            "unit_name": unit.name,
            "on": on,
            "year": table.year,
            "years": table.years,
            "columns": table.columns,
        }
        return Response(ProfileSerializer(data).data)
