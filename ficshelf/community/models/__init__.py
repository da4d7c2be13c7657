"""What readers leave on works, one module per subject.

kudos, comments, bookmarks, subscriptions (and the inbox notifications they bring),
readings (history and Marked for Later) and stats (the counters, daily WorkStats and
Visits); _base holds what they share. The models are re-exported here because
Django finds an app's models in `<app>.models`; import anything else (CommentStatus,
Refused, build_threads, the limits) from its subject module.
"""

from ficshelf.community.models.bookmarks import Bookmark
from ficshelf.community.models.comments import Comment
from ficshelf.community.models.kudos import Kudos
from ficshelf.community.models.readings import Reading
from ficshelf.community.models.stats import Visit, WorkStats
from ficshelf.community.models.subscriptions import Notification, PendingDigest, Subscription

__all__ = [
    "Bookmark",
    "Comment",
    "Kudos",
    "Notification",
    "PendingDigest",
    "Reading",
    "Subscription",
    "Visit",
    "WorkStats",
]
