"""AO3's media tags, the Tag Wranglers group, and a filter index for works posted before it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MEDIA = [
    "Anime & Manga",
    "Books & Literature",
    "Cartoons & Comics & Graphic Novels",
    "Celebrities & Real People",
    "Movies",
    "Music & Bands",
    "Other Media",
    "Theater",
    "TV Shows",
    "Video Games",
    "Uncategorized Fandoms",
]


def forwards(apps, schema_editor):
    Tag = apps.get_model("tags", "Tag")
    for name in MEDIA:
        if not Tag.objects.filter(name__iexact=name).exists():
            Tag.objects.create(name=name, type="Media", canonical=True)

    # Permissions are normally made after migrating; the group needs its one now.
    config = apps.get_app_config("tags")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Tag Wranglers")
    group.permissions.add(Permission.objects.get(codename="wrangle_tag", content_type__app_label="tags"))

    tagging = apps.get_model("works", "Tagging")._meta.db_table
    schema_editor.execute(
        f"INSERT INTO tags_filtertagging (tag_id, work_id) SELECT DISTINCT tag_id, work_id FROM {tagging}"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("tags", "0003_wrangling_and_filter_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
