"""Works loaded for blurbs: tags, byline and series parts as plain values, in 3 queries."""

from collections.abc import Iterator
from typing import Any

from django.db import models

from ficshelf.accounts.models import Pseud, User
from ficshelf.tags.models import Tag
from ficshelf.works.models.creatorship import Creatorship
from ficshelf.works.models.series import Series, SeriesWork
from ficshelf.works.models.work import Tagging, Work


class WorksForBlurbs(models.query.ModelIterable[Work]):
    """Works with their tags, byline and series parts loaded as plain values, 3 queries.

    A page of blurbs shows hundreds of tags, mostly the same few ratings, warnings and
    fandoms. One Tag object per distinct tag, instead of a Tagging and a Tag object per
    row, and no per-work related managers (what prefetch_related builds) take two thirds
    of a listing page's Python time away; nothing points back at the works, so no
    reference cycles are left for the garbage collector.
    """

    def __iter__(self) -> Iterator[Work]:
        works = list(super().__iter__())
        if works:
            db = self.queryset.db
            self._load_tags(db, works)
            self._load_creators(db, works)
            self._load_series(db, works)
        return iter(works)

    @staticmethod
    def _rows(
        rows: models.QuerySet[Tagging] | models.QuerySet[Creatorship] | models.QuerySet[SeriesWork],
        works: list[Work],
        *fields: str,
    ) -> models.QuerySet[Any, tuple[Any, ...]]:
        return (
            rows.filter(work__in=[work.pk for work in works])
            .order_by("work_id", "position")
            .values_list("work_id", *fields)
        )

    def _load_tags(self, db: str, works: list[Work]) -> None:
        positioned: dict[int, list[Tag]] = {work.pk: [] for work in works}
        tags: dict[int, Tag] = {}
        for work_id, *values in self._rows(
            Tagging.objects.using(db), works, "tag_id", "tag__name", "tag__type", "tag__canonical"
        ):
            if (tag := tags.get(values[0])) is None:
                tag = tags[values[0]] = Tag.from_db(db, ["id", "name", "type", "canonical"], values)
            positioned[work_id].append(tag)
        for work in works:
            work.__dict__["tags_by_type"] = Work.group_tags(positioned[work.pk])

    def _load_creators(self, db: str, works: list[Work]) -> None:
        byline: dict[int, list[Pseud]] = {work.pk: [] for work in works}
        fields = ("pseud_id", "pseud__user_id", "pseud__name", "pseud__user__username")
        for work_id, pseud_id, user_id, name, username in self._rows(
            Creatorship.objects.using(db).accepted(), works, *fields
        ):
            pseud = Pseud.from_db(db, ["id", "user_id", "name"], [pseud_id, user_id, name])
            Pseud.user.field.set_cached_value(
                pseud, User.from_db(db, ["id", "username"], [user_id, username])
            )
            byline[work_id].append(pseud)
        for work in works:
            work.loaded_byline = byline[work.pk]

    def _load_series(self, db: str, works: list[Work]) -> None:
        parts: dict[int, list[SeriesWork]] = {work.pk: [] for work in works}
        fields = ("id", "series_id", "position", "series__title")
        for work_id, pk, series_id, position, title in self._rows(
            SeriesWork.objects.using(db), works, *fields
        ):
            part = SeriesWork.from_db(
                db, ["id", "series_id", "work_id", "position"], [pk, series_id, work_id, position]
            )
            SeriesWork.series.field.set_cached_value(
                part, Series.from_db(db, ["id", "title"], [series_id, title])
            )
            parts[work_id].append(part)
        for work in works:
            work.loaded_series_parts = parts[work.pk]
