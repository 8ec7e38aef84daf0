"""Seed the example commune-level catalogue of fields and procedures (re-runnable)."""

import json
from pathlib import Path

from django.db import migrations

# The catalogue as it stood when this migration was written, frozen beside it:
# editing the live catalogue (../catalogue/) later must not change what this migration does.
CATALOGUE = Path(__file__).resolve().parent / "data" / "0002_procedures.json"


def load(apps, schema_editor):
    Field = apps.get_model("procedures", "Field")
    Procedure = apps.get_model("procedures", "Procedure")
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    fields = {}
    for row in data["fields"]:
        fields[row["code"]], _ = Field.objects.update_or_create(
            code=row["code"], defaults={"name_vi": row["name_vi"], "name_en": row["name_en"], "order": row["order"]}
        )
    for row in data["procedures"]:
        Procedure.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "field": fields[row["field"]],
                "online_level": row["online_level"],
                "online_payment": row["online_payment"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
