import django_filters
from rest_framework import serializers, viewsets

from wards.models import AdministrativeUnit, UnitSuccession


class SuccessionSerializer(serializers.ModelSerializer):
    unit_id = serializers.IntegerField(source="successor_id")
    code = serializers.CharField(source="successor.code")
    name = serializers.CharField(source="successor.name")

    class Meta:
        model = UnitSuccession
        fields = ["unit_id", "code", "name", "kind", "effective"]


class PredecessionSerializer(SuccessionSerializer):
    unit_id = serializers.IntegerField(source="predecessor_id")
    code = serializers.CharField(source="predecessor.code")
    name = serializers.CharField(source="predecessor.name")


class UnitSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", allow_null=True, default=None)
    successors = SuccessionSerializer(many=True, read_only=True, source="successions")
    predecessors = PredecessionSerializer(many=True, read_only=True, source="predecessions")

    class Meta:
        model = AdministrativeUnit
        fields = [
            "id",
            "code",
            "name",
            "level",
            "unit_type",
            "parent",
            "parent_code",
            "valid_from",
            "valid_to",
            "successors",
            "predecessors",
        ]


class UnitFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=AdministrativeUnit._meta.get_field("level").choices)
    parent = django_filters.NumberFilter(field_name="parent_id", label="parent id")
    parent_code = django_filters.CharFilter(field_name="parent__code", label="parent code")
    code = django_filters.CharFilter()
    date = django_filters.DateFilter(method="filter_date", label="valid on (YYYY-MM-DD)")

    class Meta:
        model = AdministrativeUnit
        fields = ["level", "parent", "parent_code", "code", "date"]

    def filter_date(self, queryset, name, value):
        return queryset.valid_on(value)


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Administrative units over time. A code names a unit only within its
    validity span: filter by ``code`` and ``date`` to find one."""

    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    queryset = (
        AdministrativeUnit.objects.select_related("parent")
        .prefetch_related("successions__successor", "predecessions__predecessor")
        .order_by("code", "valid_from")
    )
