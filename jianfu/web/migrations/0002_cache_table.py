"""The table of the shared cache (settings CACHES, `jianfu_cache`), made at `migrate` so that no one has to
remember `createcachetable`. It is made whatever CACHE_BACKEND says, so switching later needs nothing."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

CACHE_TABLE = "jianfu_cache"


def create_cache_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, CACHE_TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("web", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
