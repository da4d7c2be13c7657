"""ImportDraft and ImportedFile move here from works, with their tables and rows.

The tables were created by works.0003 and are kept as they are: this migration only
adds the models to this app's state (works.0005 removes them from works' state),
and moves their content types, so permissions and admin history stay attached.
0002 then gives the tables this app's names.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ["importdraft", "importedfile"]


def move_content_types(apps, schema_editor, old: str = "works", new: str = "importing") -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        if not types.filter(app_label=new, model=model).exists():
            types.filter(app_label=old, model=model).update(app_label=new)


def move_content_types_back(apps, schema_editor) -> None:
    move_content_types(apps, schema_editor, old="importing", new="works")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("works", "0004_sort_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportDraft",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("filename", models.CharField(blank=True, max_length=255)),
                        ("data", models.JSONField()),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("revised_at", models.DateTimeField(auto_now=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="import_drafts",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"db_table": "works_importdraft"},
                ),
                migrations.CreateModel(
                    name="ImportedFile",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("sha256", models.CharField(max_length=64)),
                        ("source", models.CharField(max_length=500)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL
                            ),
                        ),
                        (
                            "work",
                            models.ForeignKey(
                                null=True, on_delete=django.db.models.deletion.SET_NULL, to="works.work"
                            ),
                        ),
                    ],
                    options={
                        "db_table": "works_importedfile",
                        "constraints": [
                            models.UniqueConstraint(fields=("user", "sha256"), name="imported_file_unique")
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back, elidable=True),
    ]
