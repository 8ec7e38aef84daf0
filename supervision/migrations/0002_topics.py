"""The subjects of supervision the portal starts with; admins add more."""

from django.db import migrations

TOPICS = [
    ("cchc", "Cải cách hành chính", "CCHC"),
    ("chuyen-doi-so", "Chuyển đổi số", "CĐS"),
    ("tthc-mot-cua", "Giải quyết thủ tục hành chính theo cơ chế một cửa, một cửa liên thông", "Một cửa"),
    ("dvc-truc-tuyen", "Dịch vụ công trực tuyến", "DVC"),
]


def add(apps, schema_editor):
    Topic = apps.get_model("supervision", "Topic")
    for code, name, short in TOPICS:
        Topic.objects.get_or_create(code=code, defaults={"name": name, "short_name": short})


def remove(apps, schema_editor):
    apps.get_model("supervision", "Topic").objects.filter(code__in=[t[0] for t in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
