"""Names as Vietnamese writes them: the national list of 2025-03-01 capitalises the
type word of 17 names ("Thành Phố Bắc Kạn", "Thị Trấn Châu Ổ", "Thị Xã Buôn Hồ");
they become "Thành phố Bắc Kạn"… as wards.services.import_units now stores them
(core.names.canonical_name). The rule is written out here, frozen with the migration."""

from django.db import migrations

TYPE_WORDS = ("Thành phố", "Tỉnh", "Phường", "Xã", "Thị trấn", "Đặc khu", "Quận", "Huyện", "Thị xã")


def canonical(name: str) -> str:
    lowered = name.lower()
    for word in TYPE_WORDS:
        if lowered.startswith(word.lower() + " "):
            return word + name[len(word) :]
    return name


def forwards(apps, schema_editor):
    Unit = apps.get_model("wards", "AdministrativeUnit")
    changed = []
    for unit in Unit.objects.only("pk", "name").iterator(chunk_size=2000):
        name = canonical(unit.name)
        if name != unit.name:
            unit.name = name
            changed.append(unit)
    Unit.objects.bulk_update(changed, ["name"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("wards", "0002_institutional_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
