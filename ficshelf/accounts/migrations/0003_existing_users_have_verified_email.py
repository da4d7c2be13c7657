"""Accounts that exist before the move to django-allauth count as verified: each user
with an email address gets it as their verified primary EmailAddress, so they keep
writing and can log in by email or reset their password as before."""

from django.db import migrations


def verify_existing_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    taken = {
        email.lower() for email in EmailAddress.objects.filter(verified=True).values_list("email", flat=True)
    }
    for user in User.objects.exclude(email="").order_by("pk").iterator():
        email = user.email.strip().lower()
        # Sign-up never checked that addresses were unique, and a verified address may
        # belong to one account only: later holders of a shared one keep no address
        # record (they may still write and log in by name) until they set their own.
        if email in taken or EmailAddress.objects.filter(user=user).exists():
            continue
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        taken.add(email)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_blocks_mutes_and_reader_preferences"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(verify_existing_addresses, migrations.RunPython.noop)]
