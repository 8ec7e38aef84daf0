"""Load the indicator catalogue (indicators, validation relations, NQ 76 targets).

The catalogue is data an admin edits afterwards; this migration only seeds it
and is safe to re-run (update_or_create by code). It reads a frozen copy of the
JSON file (migrations/data/), not app code, so later changes cannot alter it.
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

# The catalogue as it stood when this migration was written, frozen beside it:
# editing the live catalogue (../catalogue/) later must not change what this migration does.
CATALOGUE = Path(__file__).resolve().parent / "data" / "0002_indicators.json"


def load(apps, schema_editor):
    Indicator = apps.get_model("digital_metrics", "Indicator")
    IndicatorRelation = apps.get_model("digital_metrics", "IndicatorRelation")
    Target = apps.get_model("digital_metrics", "Target")
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    by_code = {}
    for order, row in enumerate(data["indicators"], start=1):
        obj, _ = Indicator.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_vi": row["name_vi"],
                "name_en": row["name_en"],
                "hint": row.get("hint", ""),
                "section": row["section"],
                "unit": row.get("unit", ""),
                "value_type": row["value_type"],
                "aggregation": row["aggregation"],
                "direct_rate_allowed": row.get("direct_rate_allowed", False),
                "order": order * 10,
            },
        )
        by_code[row["code"]] = obj
    for row in data["indicators"]:
        obj = by_code[row["code"]]
        if "numerator" in row:
            obj.numerator = by_code[row["numerator"]]
            obj.denominator = by_code[row["denominator"]]
            obj.save(update_fields=["numerator", "denominator"])
        if "components" in row:
            obj.components.set([by_code[c] for c in row["components"]])
    for row in data["relations"]:
        rel, _ = IndicatorRelation.objects.update_or_create(
            kind=row["kind"], whole=by_code[row["whole"]], note=row.get("note", "")
        )
        rel.parts.set([by_code[c] for c in row["parts"]])
    for row in data["targets"]:
        Target.objects.update_or_create(
            indicator=by_code[row["indicator"]],
            valid_from=datetime.date.fromisoformat(row["valid_from"]),
            defaults={
                "comparison": row["comparison"],
                "value": Decimal(row["value"]),
                "valid_to": datetime.date.fromisoformat(row["valid_to"]) if row.get("valid_to") else None,
                "source": row["source"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("digital_metrics", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
