"""`ficshelf resanitize`: clean stored HTML again after the sanitizer's rules changed."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q

from ficshelf.text import SANITIZER_VERSION
from ficshelf.works.models.sanitized import SanitizedHTMLModel


class Command(BaseCommand):
    help = "Re-sanitize every stored HTML field cleaned under an older sanitizer version."

    def handle(self, *args, **options) -> None:
        for model in apps.get_models():
            if not issubclass(model, SanitizedHTMLModel) or not model.sanitized_fields:
                continue
            stale = Q()
            for field in model.sanitized_fields:
                stale |= Q(**{f"{field}_sanitizer_version__lt": SANITIZER_VERSION})
            done = 0
            for pk in model._default_manager.filter(stale).values_list("pk", flat=True).iterator():
                with transaction.atomic():
                    row = model._default_manager.select_for_update().get(pk=pk)
                    row.save()  # SanitizedHTMLModel.save cleans and stamps every field
                done += 1
            if done:
                self.stdout.write(f"{model._meta.verbose_name_plural}: {done} re-sanitized")
        self.stdout.write(
            self.style.SUCCESS(f"All HTML is clean under sanitizer version {SANITIZER_VERSION}.")
        )
