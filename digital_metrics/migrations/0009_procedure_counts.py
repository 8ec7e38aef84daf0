"""Four indicators for what the source article gives about online procedures
without naming them: how many procedures had online dossiers, in how many
fields, how many had fees paid online and in which fields. A ward that enters
its procedures one by one has these counted from them; one that does not (or
the article) types them. Re-runnable (update_or_create by code)."""

import json
from pathlib import Path

from django.db import migrations

# Frozen beside the migration: editing the live catalogue later changes nothing here.
CATALOGUE = Path(__file__).resolve().parent / "data" / "0009_indicators.json"
AFTER_ORDER = 120  # "dossiers_paid_online": the new rows follow it


def load(apps, schema_editor):
    Indicator = apps.get_model("digital_metrics", "Indicator")
    for step, row in enumerate(json.loads(CATALOGUE.read_text(encoding="utf-8"))["indicators"], start=1):
        Indicator.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_vi": row["name_vi"],
                "name_en": row["name_en"],
                "hint": row.get("hint", ""),
                "hint_en": row.get("hint_en", ""),
                "section": row["section"],
                "unit": row.get("unit", ""),
                "unit_en": row.get("unit_en", ""),
                "value_type": row["value_type"],
                "aggregation": row["aggregation"],
                "order": AFTER_ORDER + step,
            },
        )


def unload(apps, schema_editor):
    Indicator = apps.get_model("digital_metrics", "Indicator")
    codes = [row["code"] for row in json.loads(CATALOGUE.read_text(encoding="utf-8"))["indicators"]]
    Indicator.objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("digital_metrics", "0008_value_origin")]
    operations = [migrations.RunPython(load, unload)]
