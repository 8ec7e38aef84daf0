from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from digital_metrics.catalogue.selectors import catalogue
from digital_metrics.choices import Section
from digital_metrics.models import IndicatorRelation, Target


@login_required
def indicator_list(request):
    indicators = catalogue()
    sections = [(label, [i for i in indicators if i.section == value]) for value, label in Section.choices]
    relations = IndicatorRelation.objects.select_related("whole").prefetch_related("parts")
    targets = Target.objects.select_related("indicator")
    return render(
        request,
        "digital_metrics/indicator_list.html",
        {
            "sections": sections,
            "relations": relations,
            "targets": targets,
            "by_code": {i.code: i for i in indicators},
            "nav": "catalogue",
        },
    )
