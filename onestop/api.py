"""The ingestion API of the one-stop system: ``POST /api/v1/onestop/batches/``.

Only a system account (onestop.SystemAccount, authenticated by its API token)
may send; the body is bounded and the calls throttled like the rest of the
API (core/api.py). The checks and the write are in onestop.ingest; the
serializers here document the format (OpenAPI) and are not what validates it,
so that every bad row is reported at once, by row and field, in Vietnamese.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import CappedLimitOffsetPagination, JSONParser
from onestop.choices import Channel
from onestop.ingest import ingest
from onestop.models import Batch


class IsSystemAccount(BasePermission):
    def has_permission(self, request, view):
        account = getattr(request.user, "onestop_account", None) if request.user.is_authenticated else None
        if account is None or not account.is_active:
            self.message = _("Chỉ tài khoản của hệ thống một cửa (mã truy cập của hệ thống) mới được gửi số liệu.")
            return False
        return True


class BatchRowSerializer(serializers.Serializer):
    unit = serializers.CharField(
        help_text="Official code of the unit (mã đơn vị hành chính) on the period's first day."
    )
    procedure = serializers.CharField(max_length=40, help_text="Code of the procedure (mã TTHC), e.g. 1.001193.")
    channel = serializers.ChoiceField(choices=Channel.choices, help_text="How the dossiers were received.")
    period = serializers.CharField(help_text='A day "YYYY-MM-DD" or a month "YYYY-MM"; a month is sent one way only.')
    received = serializers.IntegerField(min_value=0, required=False, default=0, help_text="Dossiers received.")
    resolved_on_time = serializers.IntegerField(min_value=0, required=False, default=0)
    resolved_late = serializers.IntegerField(min_value=0, required=False, default=0)
    paid_online = serializers.IntegerField(
        min_value=0, required=False, default=0, help_text="Dossiers whose fees were paid online (≤ received)."
    )
    resolved = serializers.IntegerField(
        min_value=0, required=False, help_text="Optional check: must equal resolved_on_time + resolved_late."
    )


class BatchSerializer(serializers.Serializer):
    batch_id = serializers.CharField(max_length=100, help_text="The system's own id of the batch (idempotency key).")
    rows = BatchRowSerializer(many=True)


class QuarterSerializer(serializers.Serializer):
    unit = serializers.CharField()
    unit_name = serializers.CharField()
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()


class BatchResultSerializer(serializers.Serializer):
    batch_id = serializers.CharField()
    received_at = serializers.DateTimeField()
    rows = serializers.IntegerField()
    created = serializers.IntegerField(help_text="Counts stored for the first time.")
    updated = serializers.IntegerField(help_text="Counts with the same key replaced (corrections).")
    illustrative = serializers.BooleanField(help_text="A demo account: its figures are shown as illustrative.")
    quarters = QuarterSerializer(many=True, help_text="The units' quarters whose system figures changed.")
    unknown_procedures = serializers.ListField(
        child=serializers.CharField(),
        help_text="Procedure codes the portal's catalogue does not hold (the counts are kept; at most 50 listed).",
    )
    replayed = serializers.BooleanField(help_text="true when this batch id was received before with the same content.")


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="1-based position in rows.")
    field = serializers.CharField()
    message = serializers.CharField()


class BatchErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    rows = RowErrorSerializer(many=True, required=False)
    units = serializers.ListField(child=serializers.CharField(), required=False)


EXAMPLE_BODY = {
    "batch_id": "mc-bk-2024-04-05-001",
    "rows": [
        {
            "unit": "01855",
            "procedure": "1.001193",
            "channel": "online_full",
            "period": "2024-04-05",
            "received": 12,
            "resolved_on_time": 10,
            "resolved_late": 1,
            "paid_online": 4,
        },
        {"unit": "01855", "procedure": "1.001193", "channel": "desk", "period": "2024-04", "received": 40},
    ],
}


class BatchListItemSerializer(serializers.Serializer):
    batch_id = serializers.CharField(source="external_id")
    received_at = serializers.DateTimeField()
    rows = serializers.IntegerField(source="row_count")
    result = serializers.JSONField(help_text="The answer the batch was given when it was written.")


class BatchView(APIView):
    permission_classes = [IsSystemAccount]
    parser_classes = [JSONParser]  # bounded, like every API body (core/api.py)
    pagination_class = CappedLimitOffsetPagination  # the list of batches (GET)

    @extend_schema(
        operation_id="onestop_batch_list",
        summary="The batches this system account has sent, newest first",
        description="For the system's own checks: which batch ids were written, when, with what answer.",
        responses={200: BatchListItemSerializer(many=True)},
        tags=["onestop"],
    )
    def get(self, request):
        batches = Batch.objects.filter(account=request.user.onestop_account).order_by("-received_at", "-pk")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(batches, request, view=self)
        return paginator.get_paginated_response(BatchListItemSerializer(page, many=True).data)

    @extend_schema(
        operation_id="onestop_batch_create",
        summary="Send a batch of dossier counts from the one-stop system",
        description=(
            "Daily or monthly counts per unit, procedure and channel. The whole batch is written or nothing: "
            "every bad row is listed (row, field, message in Vietnamese). A batch id already received answers "
            "200 with its first result when the content is the same, 409 when it differs. A unit outside the "
            "account's scope refuses the batch with 403. A count with the same unit, procedure, channel and "
            "day (or month) as an earlier one replaces it. Resolved dossiers may exceed those received in "
            "the same period (they include dossiers received earlier): that is not checked."
        ),
        request=BatchSerializer,
        responses={
            201: BatchResultSerializer,
            200: OpenApiResponse(BatchResultSerializer, description="The same batch sent again: its first result."),
            400: OpenApiResponse(BatchErrorSerializer, description="Bad rows: nothing written."),
            403: OpenApiResponse(
                BatchErrorSerializer, description="Not a system account, or a unit outside its scope."
            ),
            409: OpenApiResponse(BatchErrorSerializer, description="The batch id was used with other content."),
            413: OpenApiResponse(BatchErrorSerializer, description="Body above API_MAX_JSON_BYTES."),
        },
        examples=[
            OpenApiExample("A day and a month", value=EXAMPLE_BODY, request_only=True),
            OpenApiExample(
                "Written",
                status_codes=["201"],
                response_only=True,
                value={
                    "batch_id": "mc-bk-2024-04-05-001",
                    "received_at": "2024-04-05T17:00:00+07:00",
                    "rows": 2,
                    "created": 2,
                    "updated": 0,
                    "illustrative": False,
                    "quarters": [{"unit": "01855", "unit_name": "Phường Xuất Hóa", "year": 2024, "quarter": 2}],
                    "unknown_procedures": [],
                    "replayed": False,
                },
            ),
            OpenApiExample(
                "Bad rows",
                status_codes=["400"],
                response_only=True,
                value={
                    "detail": "Lô số liệu có 2 lỗi; không dòng nào được ghi.",
                    "rows": [
                        {
                            "row": 1,
                            "field": "paid_online",
                            "message": "Dòng 1, trường “paid_online”: Hồ sơ thanh toán phí, lệ phí trực tuyến (15) "
                            "không được lớn hơn hồ sơ tiếp nhận (12).",
                        },
                        {
                            "row": 2,
                            "field": "channel",
                            "message": "Dòng 2, trường “channel”: kênh phải là một trong desk, online_full, "
                            "online_partial, postal (đã gửi: fax).",
                        },
                    ],
                },
            ),
            OpenApiExample(
                "Same batch id, other content",
                status_codes=["409"],
                response_only=True,
                value={
                    "detail": "Lô “mc-bk-2024-04-05-001” đã được nhận lúc 05/04/2024 17:00 với nội dung khác. Không "
                    "ghi gì: một lô đã gửi không sửa được; hãy gửi số liệu sửa trong một lô mới với mã mới.",
                    "batch_id": "mc-bk-2024-04-05-001",
                },
            ),
            OpenApiExample(
                "Unit outside the scope",
                status_codes=["403"],
                response_only=True,
                value={
                    "detail": "Tài khoản hệ thống “Một cửa điện tử tỉnh Bắc Kạn” không được gửi số liệu của "
                    "đơn vị: 01837 (Phường Sông Cầu).",
                    "units": ["01837"],
                },
            ),
        ],
        tags=["onestop"],
    )
    def post(self, request):
        outcome = ingest(account=request.user.onestop_account, body=request.data)
        return Response(outcome.body, status=outcome.status)
