from django.db import migrations

from jianfu.org.levels import levels_ensure


def create_levels(apps, schema_editor):
    levels_ensure(apps.get_model("org", "Level"))


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(create_levels, migrations.RunPython.noop)]
