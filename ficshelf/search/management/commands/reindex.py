"""`ficshelf reindex`: rebuild the filter index and bring the full-text index up to date.

For rows written behind the models' backs (a restored dump, SQL run by hand, a
bulk load): posting, editing and wrangling keep both indexes up to date themselves.
Readers keep getting answers while it runs; each id range or batch of works is its
own short transaction.
"""

from django.core.management.base import BaseCommand

from ficshelf.search.indexing import index_works
from ficshelf.tags.filtering import rebuild_everything
from ficshelf.works.models import Work


class Command(BaseCommand):
    help = "Rebuild every work's filter index rows and bring the full-text index up to date."

    def handle(self, *args, **options) -> None:
        rows = rebuild_everything()
        self.stdout.write(f"Filter index: {rows:,} rows written.")
        changed = index_works(Work.objects.order_by("pk").values_list("pk", flat=True))
        works = "work" if changed == 1 else "works"
        self.stdout.write(self.style.SUCCESS(f"Full-text index: {changed:,} {works} brought up to date."))
