"""/api/v1/supervisions/ and /api/v1/recommendations/ (with progress and
verification actions). Access through the models' for_user and the
selectors' getters, writes through the services (which check who acts too);
errors are JSON keyed by the field at fault."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, parsers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.limits import NOTE_CHARS, TEXT_CHARS
from supervision import selectors, services
from supervision.choices import RecommendationStatus
from supervision.models import (
    DelegationMember,
    Finding,
    ProgressNote,
    Recommendation,
    Supervision,
    Verification,
)


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = DelegationMember
        fields = ["name", "position", "role"]


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = ["kind", "text", "cause"]


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class SupervisionSerializer(serializers.ModelSerializer):
    body = serializers.CharField(source="body.name")
    topics = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    units = UnitRefSerializer(many=True, read_only=True)
    members = MemberSerializer(many=True, read_only=True)
    findings = FindingSerializer(many=True, read_only=True)
    recommendation_ids = serializers.SerializerMethodField()

    class Meta:
        model = Supervision
        fields = [
            "id",
            "body",
            "kind",
            "title",
            "topics",
            "units",
            "date",
            "place",
            "period_start",
            "period_end",
            "decision_number",
            "decision_date",
            "plan_number",
            "plan_date",
            "follows_up",
            "resolution",
            "unit_focal_point",
            "summary",
            "members",
            "findings",
            "recommendation_ids",
            "is_demo",
        ]

    def get_recommendation_ids(self, obj) -> list[int]:
        readable = self.context.get("readable_recommendations")
        return [r.pk for r in obj.recommendations.all() if readable is None or r.pk in readable]


class SupervisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Supervisions the caller may read: their body's, or those that covered their ward."""

    serializer_class = SupervisionSerializer

    def get_queryset(self):
        return (
            Supervision.objects.for_user(self.request.user)
            .select_related("body")
            .prefetch_related("topics", "units", "members", "findings", "recommendations")
            .order_by("-date", "-pk")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request.user.is_authenticated:
            context["readable_recommendations"] = set(
                Recommendation.objects.for_user(self.request.user).values_list("pk", flat=True)
            )
        return context


class NoteSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", default=None)
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = ProgressNote
        fields = ["id", "created_at", "author", "status", "text", "evidence"]

    def get_evidence(self, obj) -> list[dict]:
        return [
            {"id": e.pk, "name": e.original_name, "content_type": e.content_type, "size": e.size}
            for e in obj.evidence.all()
        ]


class VerificationSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username", default=None)

    class Meta:
        model = Verification
        fields = ["id", "at", "by", "status", "note", "supervision"]


class RecommendationSerializer(serializers.ModelSerializer):
    addressee = serializers.CharField(source="addressee_label", read_only=True)
    addressee_unit_code = serializers.CharField(source="addressee_unit.code", default=None)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "supervision",
            "number",
            "text",
            "addressee",
            "addressee_unit",
            "addressee_unit_code",
            "addressee_body",
            "deadline",
            "status",
            "reason",
            "overdue",
            "verified_at",
            "is_demo",
        ]

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue(self.context.get("today"))


class RecommendationDetailSerializer(RecommendationSerializer):
    notes = NoteSerializer(many=True, read_only=True)
    verifications = VerificationSerializer(many=True, read_only=True)

    class Meta(RecommendationSerializer.Meta):
        fields = RecommendationSerializer.Meta.fields + ["notes", "verifications"]


class RecommendationQuery(serializers.Serializer):
    unit = serializers.CharField(required=False, help_text=_("Mã đơn vị thực hiện (ví dụ 01855)."))
    status = serializers.ChoiceField(choices=RecommendationStatus.choices, required=False)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
    supervision = serializers.IntegerField(required=False)


class ProgressInput(serializers.Serializer):
    text = serializers.CharField(max_length=TEXT_CHARS)
    # The whole list, so the schema has one status enum; the service refuses what
    # an addressee may not declare (an accepted alternative) with a clear message.
    status = serializers.ChoiceField(choices=RecommendationStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=NOTE_CHARS)
    files = serializers.ListField(
        child=serializers.FileField(), required=False, help_text=_("Tài liệu kiểm chứng (multipart, nhiều tệp).")
    )


class VerifyInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=RecommendationStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=NOTE_CHARS)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=NOTE_CHARS)
    supervision = serializers.IntegerField(required=False, allow_null=True, default=None)


def _service_error(error: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError({k: [m for e in v for m in e.messages] for k, v in error.error_dict.items()})
    return exceptions.ValidationError({"non_field_errors": error.messages})


def _get(request, pk, action_name):
    try:
        return selectors.get_recommendation(request.user, pk, action=action_name)
    except Http404 as error:
        raise exceptions.NotFound() from error
    except DjangoPermissionDenied as error:
        raise exceptions.PermissionDenied(str(error)) from error


class RecommendationViewSet(viewsets.ReadOnlyModelViewSet):
    """Recommendations the caller may read. ``overdue`` follows the day in Việt Nam."""

    filter_backends = []  # the query is validated by RecommendationQuery (errors name the field)

    def get_serializer_class(self):
        return RecommendationDetailSerializer if self.action == "retrieve" else RecommendationSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": selectors.today()}

    def get_queryset(self):
        if self.action == "retrieve":
            return (
                Recommendation.objects.for_user(self.request.user)
                .select_related("addressee_unit", "addressee_body")
                .prefetch_related("notes__author", "notes__evidence", "verifications__by")
            )
        query = RecommendationQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        return selectors.recommendation_list(
            user=self.request.user,
            unit=data.get("unit"),
            status=data.get("status"),
            overdue=data.get("overdue"),
            supervision=data.get("supervision"),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", OpenApiTypes.STR, description="Mã đơn vị thực hiện, ví dụ 01855"),
            OpenApiParameter("status", OpenApiTypes.STR, enum=RecommendationStatus.values),
            OpenApiParameter("overdue", OpenApiTypes.BOOL),
            OpenApiParameter("supervision", OpenApiTypes.INT),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ProgressInput, responses={201: NoteSerializer})
    @action(detail=True, methods=["post"], parser_classes=[parsers.MultiPartParser, parsers.JSONParser])
    def progress(self, request, pk=None):
        """A progress note by the addressee's clerks, with evidence files (multipart ``files``)."""
        rec = _get(request, pk, "progress")
        fields = {k: request.data.get(k) for k in ("text", "status", "reason") if request.data.get(k) is not None}
        payload = ProgressInput(data=fields)
        payload.is_valid(raise_exception=True)
        # Files are checked by content in the service, with the other rules, in one transaction.
        files = request.FILES.getlist("files")
        try:
            note = services.progress_note_add(
                recommendation=rec, by=request.user, files=files, **payload.validated_data
            )
        except DjangoValidationError as error:
            raise _service_error(error) from error
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VerifyInput, responses={201: VerificationSerializer})
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """The supervision team's verdict (optionally within a re-supervision)."""
        rec = _get(request, pk, "verify")
        payload = VerifyInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        resup = None
        if data.pop("supervision"):
            try:
                resup = selectors.get_supervision(request.user, payload.validated_data["supervision"], action="change")
            except (Http404, DjangoPermissionDenied) as error:
                raise exceptions.ValidationError({"supervision": [_("Cuộc tái giám sát không tồn tại.")]}) from error
        try:
            verification = services.recommendation_verify(
                recommendation=rec, by=request.user, supervision=resup, **data
            )
        except DjangoValidationError as error:
            raise _service_error(error) from error
        return Response(VerificationSerializer(verification).data, status=status.HTTP_201_CREATED)
