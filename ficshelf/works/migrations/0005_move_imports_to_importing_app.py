"""ImportDraft and ImportedFile now belong to the importing app (importing.0001).

Only works' state forgets them; the tables and their rows stay, and importing owns them.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("works", "0004_sort_indexes"),
        ("importing", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ImportDraft"),
                migrations.DeleteModel(name="ImportedFile"),
            ],
        ),
    ]
