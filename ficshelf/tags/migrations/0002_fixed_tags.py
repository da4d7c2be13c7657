"""Every archive starts with AO3's ratings, archive warnings and categories, as canonical tags."""

from django.db import migrations

FIXED = {
    "Rating": ["Not Rated", "General Audiences", "Teen And Up Audiences", "Mature", "Explicit"],
    "ArchiveWarning": [
        "Creator Chose Not To Use Archive Warnings",
        "Graphic Depictions Of Violence",
        "Major Character Death",
        "No Archive Warnings Apply",
        "Rape/Non-Con",
        "Underage Sex",
    ],
    "Category": ["F/F", "F/M", "Gen", "M/M", "Multi", "Other"],
}


def create_fixed_tags(apps, schema_editor):
    Tag = apps.get_model("tags", "Tag")
    for tag_type, names in FIXED.items():
        for name in names:
            Tag.objects.update_or_create(name=name, defaults={"type": tag_type, "canonical": True})


class Migration(migrations.Migration):
    dependencies = [("tags", "0001_initial")]
    operations = [migrations.RunPython(create_fixed_tags, migrations.RunPython.noop)]
