from rest_framework import serializers, viewsets

from digital_metrics.models import Indicator, Target


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = ["comparison", "value", "valid_from", "valid_to", "source"]


class IndicatorSerializer(serializers.ModelSerializer):
    numerator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    denominator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    components = serializers.SlugRelatedField(slug_field="code", read_only=True, many=True)
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name_vi",
            "name_en",
            "hint",
            "hint_en",
            "section",
            "unit",
            "unit_en",
            "value_type",
            "aggregation",
            "numerator",
            "denominator",
            "direct_rate_allowed",
            "components",
            "targets",
        ]


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The indicator catalogue: how each figure is entered, derived and rolled up."""

    serializer_class = IndicatorSerializer
    lookup_field = "code"
    filterset_fields = ["section", "value_type"]
    queryset = (
        Indicator.objects.filter(is_active=True)
        .select_related("numerator", "denominator")
        .prefetch_related("components", "targets")
        .order_by("order", "code")
    )
