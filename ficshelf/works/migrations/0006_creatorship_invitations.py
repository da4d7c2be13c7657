"""Co-creators are invited: a creatorship is `accepted` once its invitee says yes.

Every creatorship that exists already was made by the old rule, where naming someone
made them a creator at once, so they are all accepted: the column is added with True
for them, and then defaults to False, so a new row is an invitation unless the code
that writes it says otherwise.

Work.pseuds (the many-to-many through Creatorship) goes away: a join through it can't
tell an invitation from a creator, so every lookup goes through
Creatorship.objects.accepted() instead. Its through table is Creatorship's own, so
removing the field changes no table.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("works", "0005_move_imports_to_importing_app"),
    ]

    operations = [
        migrations.AddField(
            model_name="creatorship",
            name="accepted",
            field=models.BooleanField(default=True),
        ),
        migrations.AlterField(
            model_name="creatorship",
            name="accepted",
            field=models.BooleanField(default=False),
        ),
        migrations.RemoveField(
            model_name="work",
            name="pseuds",
        ),
    ]
