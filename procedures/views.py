from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from procedures.selectors import catalogue_summary, procedures_by_field


@login_required
def procedure_list(request):
    return render(
        request,
        "procedures/procedure_list.html",
        {"fields": catalogue_summary(), "procedures": procedures_by_field(), "nav": "catalogue"},
    )
