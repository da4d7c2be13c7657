"""The moved tables take this app's names: works_importdraft → importing_importdraft, …"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("importing", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="importdraft", table=None),
        migrations.AlterModelTable(name="importedfile", table=None),
    ]
