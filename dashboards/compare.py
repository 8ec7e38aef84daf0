"""Comparison of units: placeholder, filled below."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def compare(request):
    return render(request, "dashboards/compare.html", {"nav": "par"})
