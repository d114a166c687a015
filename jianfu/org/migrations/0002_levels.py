from django.db import migrations

LEVELS = [("kindergarten", "幼儿园", 1), ("primary", "小学", 2), ("junior", "初中", 3),
          ("senior", "高中", 4), ("vocational", "中职", 5), ("special", "特教", 6)]


def create_levels(apps, schema_editor):
    Level = apps.get_model("org", "Level")
    for code, name, order in LEVELS:
        Level.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(create_levels, migrations.RunPython.noop)]
