"""What posting and reading announce, so other apps can react without works importing them.

Receivers of the posting signals run inside the posting transaction: they should only
queue work (a task enqueued in the database commits or rolls back with the post).
"""

from django.dispatch import Signal

# A work became visible to readers: sender=Work, work=the work.
work_published = Signal()
# A chapter of an already posted work became visible to readers: sender=Chapter, chapter=…
chapter_published = Signal()
# A reader was shown a work's text (not the adult-content check): sender=Work,
# request=…, work=…, chapter=the chapter read, or None for "Entire Work". Sent by the
# page for a signed-in reader, and by the page's beacon image (works:hit) for a guest,
# whose page may have come from a cache.
work_viewed = Signal()
# Works were loaded for blurbs (Work.objects.for_blurbs): sender=Work, works=the list,
# reader=the user they are shown to (None for a guest). Receivers add what depends on
# the reader and lives above works, in a fixed number of queries for the whole list:
# community takes what the reader muted out of the counts (Work.muted_counts).
blurbs_loaded = Signal()
