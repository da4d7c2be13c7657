"""Works, chapters, series and who created them, one module per subject.

work (Work, its Taggings, and `Work.objects.visible_to`, the one rule of who may
see what), creatorship (who created a work, and invitations to co-create it), chapter, series (Series and SeriesWork), blurbs (the
loader behind `for_blurbs()`), submitted (posting forms' one-time tokens) and
sanitized (HTML fields cleaned on save). The models are re-exported here because
Django finds an app's models in `<app>.models`; import anything else
(LANGUAGE_CHOICES, TAG_ORDER, CommentPermission, WorkQuerySet, SanitizedHTMLModel…)
from its subject module.
"""

from ficshelf.works.models.chapter import Chapter
from ficshelf.works.models.creatorship import Creatorship
from ficshelf.works.models.series import Series, SeriesWork
from ficshelf.works.models.submitted import SubmittedForm
from ficshelf.works.models.work import Tagging, Work

__all__ = ["Chapter", "Creatorship", "Series", "SeriesWork", "SubmittedForm", "Tagging", "Work"]
