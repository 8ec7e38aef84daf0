"""The quarterly reports API: read, write with ``version``, submit, approve,
return. Every write calls digital_metrics.reports.services, so the rules, the audit
and the validation are those of the form and the Excel import.

Status codes: 400 with the messages per field (values keyed by indicator
code), 403 outside one's ward or role, 404 for a report one may not see,
409 on a stale version or a report that cannot change (approved, submitted,
locked period).
"""

from decimal import Decimal

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from core.limits import NOTE_CHARS
from core.numbers import Bounded
from digital_metrics.choices import Bound
from digital_metrics.models import QuarterlyReport
from digital_metrics.reports import services
from digital_metrics.reports.access import locate
from digital_metrics.reports.figures import raw_values
from digital_metrics.reports.state import Locks, lock_of, state_of


class ReportSerializer(serializers.ModelSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    locked = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = QuarterlyReport
        fields = [
            "unit_code",
            "unit_name",
            "year",
            "quarter",
            "status",
            "version",
            "origin",
            "locked",
            "submitted_at",
            "approved_at",
            "returned_at",
            "returned_reason",
            "note",
            "url",
        ]

    def get_locked(self, obj) -> bool:
        locks = self.context.get("locks")
        lock = locks.of(obj.unit_id, obj.period) if locks is not None else lock_of(obj.unit_id, obj.period)
        return state_of(period=obj.period, report=obj, lock=lock).is_locked

    def get_url(self, obj) -> str:
        return f"/api/v1/reports/{obj.unit.code}/{obj.year}/{obj.quarter}/"


class ReportDetailSerializer(ReportSerializer):
    values = serializers.SerializerMethodField()
    sources = serializers.SerializerMethodField()

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "values", "sources"]

    def _values(self, obj) -> dict:
        if getattr(obj, "_api_values", None) is None:
            obj._api_values = raw_values([obj.pk]).get(obj.pk, {})
        return obj._api_values

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_values(self, obj) -> dict:
        """A number, a text, or a bound as {"value": 98, "bound": "above"} ("trên 98%")."""
        return {code: api_value(rv) for code, rv in sorted(self._values(obj).items())}

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_sources(self, obj) -> dict:
        """Where each value comes from: entered (by the ward), system (the one-stop
        software), seed (the source article), split (an article's yearly total
        shared out over quarters: illustrative per quarter) or demo (illustrative)."""
        return {code: rv.origin for code, rv in sorted(self._values(obj).items())}


def api_value(rv):
    if rv.value is None:
        return rv.text_value
    return {"value": rv.value, "bound": rv.bound} if rv.bound else rv.value


def api_raw(values: dict) -> dict:
    """Values as the API takes them: a number, a string ("58.06", "> 98", "trên 98"),
    null, or a bound as {"value": 98, "bound": "above" | "below"}, turned into the
    raw values validation reads (a bound written "> 98")."""
    out, errors = {}, {}
    for code, value in values.items():
        if isinstance(value, dict):
            if set(value) != {"value", "bound"} or value["bound"] not in (Bound.ABOVE, Bound.BELOW):
                errors[code] = [_('Một giá trị có cận phải có dạng {"value": số, "bound": "above" hoặc "below"}.')]
                continue
            if isinstance(value["value"], bool) or not isinstance(value["value"], int | float):
                errors[code] = [_("Giá trị của cận phải là một số.")]
                continue
            value = Bounded(Decimal(str(value["value"])), value["bound"])
        elif isinstance(value, list):
            errors[code] = [_("Giá trị phải là một số, một chuỗi hoặc null.")]
            continue
        out[code] = value
    if errors:
        raise serializers.ValidationError({"values": errors})
    return out


class ReportWriteSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0, help_text="The version read; 0 to create the report.")
    values = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        help_text=(
            "Entered values keyed by indicator code; codes left out keep their value, null clears one. "
            'A JSON number, a string in Vietnamese notation ("2.531", "58,06"), or a bound: '
            '"> 98", "trên 98" or {"value": 98, "bound": "above"}.'
        ),
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_CHARS)
    confirm_warnings = serializers.BooleanField(default=False)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0)


class ReasonSerializer(VersionSerializer):
    reason = serializers.CharField(allow_blank=True, max_length=NOTE_CHARS)


ERROR_400 = OpenApiResponse(description="Errors per field: {'values': {code: [message]}} or {'reason': [message]}")
ERROR_409 = OpenApiResponse(description="Stale version (with the changes made since) or a report that cannot change")


def _error_response(exc: services.ReportError) -> Response:
    if isinstance(exc, services.ReportInvalid):
        body: dict = {"detail": exc.message}
        values: dict[str, list[str]] = {}
        for issue in exc.errors:
            if issue.field == "reason":
                body.setdefault("reason", []).append(issue.message)
            else:
                values.setdefault(issue.field, []).append(issue.message)
        if values:
            body["values"] = values
        if exc.needs_confirmation:
            body["warnings"] = {w.field: [w.message] for w in exc.warnings}
            body["confirm_warnings"] = ["Có số liệu khác xa quý trước: kiểm tra lại rồi gửi confirm_warnings=true."]
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, services.ReportForbidden):
        raise PermissionDenied(exc.message)
    body = {"detail": exc.message}
    if isinstance(exc, services.ReportConflict):
        body["version"] = exc.report.version
        body["changes"] = [
            {
                "field": c.indicator_code or c.action,
                "before": c.before,
                "after": c.after,
                "by": c.by.username if c.by else None,
                "at": c.at,
                "version": c.version,
            }
            for c in exc.changes
        ]
    return Response(body, status=status.HTTP_409_CONFLICT)


UNIT = OpenApiParameter("unit", str, description="Unit code (mã ĐVHC), e.g. 01855")


@extend_schema(tags=["reports"], parameters=[UNIT, OpenApiParameter("year", int), OpenApiParameter("quarter", int)])
class ReportList(generics.ListAPIView):
    """Quarterly reports the caller may read: every approved report, and the
    drafts of the caller's own or supervised wards."""

    serializer_class = ReportSerializer
    filter_backends: list = []

    def get_queryset(self):
        qs = QuarterlyReport.objects.for_user(self.request.user, "view").select_related("unit")
        params = self.request.query_params
        if params.get("unit"):
            qs = qs.filter(unit__code=params["unit"])
        for name in ("year", "quarter"):
            if params.get(name):
                if not params[name].isdigit():
                    raise serializers.ValidationError({name: ["Phải là một số nguyên."]})
                qs = qs.filter(**{name: int(params[name])})
        return qs.order_by("-year", "-quarter", "unit__code")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["locks"] = Locks()
        return context


def _located(request, unit_code, year, quarter, action="view"):
    return locate(request.user, unit_code, year, quarter, action=action)


class ReportDetail(APIView):
    @extend_schema(tags=["reports"], responses={200: ReportDetailSerializer})
    def get(self, request, unit_code, year, quarter):
        """One report with its values keyed by indicator code."""
        located = _located(request, unit_code, year, quarter)
        if located.report is None:
            return Response({"detail": "Chưa có báo cáo."}, status=status.HTTP_404_NOT_FOUND)
        return Response(ReportDetailSerializer(located.report).data)

    @extend_schema(
        tags=["reports"],
        request=ReportWriteSerializer,
        responses={200: ReportDetailSerializer, 400: ERROR_400, 403: OpenApiResponse(), 409: ERROR_409},
    )
    def put(self, request, unit_code, year, quarter):
        """Write values with the version read (0 creates the report). Codes left
        out keep their value; null clears one. Warnings (a value far from the
        previous quarter) need confirm_warnings=true."""
        located = _located(request, unit_code, year, quarter, action="change")
        data = ReportWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = data.validated_data["version"]
        try:
            report, _changes = services.report_write(
                unit=located.unit,
                year=located.period.year,
                quarter=located.period.quarter,
                report=located.report,
                raw=api_raw(data.validated_data["values"]),
                version=version,
                by=request.user,
                confirm_warnings=data.validated_data["confirm_warnings"],
                source="api",
                note=data.validated_data.get("note"),
            )
        except services.ReportError as exc:
            return _error_response(exc)
        # The services leave the report in memory as they wrote it (claim_report sets
        # what it changed): answer from it, without reading the row and its unit again.
        report.unit = located.unit
        return Response(ReportDetailSerializer(report).data)


def _step(request, unit_code, year, quarter, *, action, call, serializer=VersionSerializer):
    located = _located(request, unit_code, year, quarter, action=action)
    if located.report is None:
        return Response({"detail": "Chưa có báo cáo."}, status=status.HTTP_404_NOT_FOUND)
    data = serializer(data=request.data)
    data.is_valid(raise_exception=True)
    try:
        call(located.report, data.validated_data)
    except services.ReportError as exc:
        return _error_response(exc)
    return Response(ReportDetailSerializer(located.report).data)  # as the service wrote it (see put)


class ReportSubmit(APIView):
    @extend_schema(
        tags=["reports"],
        request=VersionSerializer,
        responses={200: ReportDetailSerializer, 400: ERROR_400, 409: ERROR_409},
    )
    def post(self, request, unit_code, year, quarter):
        """Draft or returned → submitted (every value must pass validation)."""
        return _step(
            request, unit_code, year, quarter, action="change",
            call=lambda r, d: services.report_submit(report=r, version=d["version"], by=request.user, source="api"),
        )  # fmt: skip


class ReportApprove(APIView):
    @extend_schema(tags=["reports"], request=VersionSerializer, responses={200: ReportDetailSerializer, 409: ERROR_409})
    def post(self, request, unit_code, year, quarter):
        """Submitted → approved (admins of the body above the ward)."""
        return _step(
            request, unit_code, year, quarter, action="manage",
            call=lambda r, d: services.report_approve(report=r, version=d["version"], by=request.user, source="api"),
        )  # fmt: skip


class ReportReturn(APIView):
    @extend_schema(
        tags=["reports"],
        request=ReasonSerializer,
        responses={200: ReportDetailSerializer, 400: ERROR_400, 409: ERROR_409},
    )
    def post(self, request, unit_code, year, quarter):
        """Submitted → returned to the ward, with a reason."""
        return _step(
            request, unit_code, year, quarter, action="manage", serializer=ReasonSerializer,
            call=lambda r, d: services.report_return(
                report=r, version=d["version"], by=request.user, reason=d["reason"], source="api"
            ),
        )  # fmt: skip


urlpatterns = [
    path("reports/", ReportList.as_view(), name="report-list"),
    path("reports/<str:unit_code>/<year:year>/<quarter:quarter>/", ReportDetail.as_view(), name="report-detail"),
    path("reports/<str:unit_code>/<year:year>/<quarter:quarter>/submit/", ReportSubmit.as_view(), name="report-submit"),
    path(
        "reports/<str:unit_code>/<year:year>/<quarter:quarter>/approve/", ReportApprove.as_view(), name="report-approve"
    ),
    path("reports/<str:unit_code>/<year:year>/<quarter:quarter>/return/", ReportReturn.as_view(), name="report-return"),
]
