"""Filtering and full-text search of works: one GET form (forms.py), one result object.

Everything starts from Work.objects.visible_to(user): the results, the count, the
sidebar's tag counts and the snippets, so nothing a reader may not see leaks
through any of them. Tags are matched through the filter index, so a filter by a
canonical tag also finds its synonyms' and subtags' works.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce, Lower
from django.http import QueryDict

from ficshelf.accounts.models import User
from ficshelf.listings.facets import Facets, sidebar_facets
from ficshelf.listings.forms import MAX_FILTER_TAGS, WorkFilterForm
from ficshelf.search.backends import get_backend
from ficshelf.search.backends.base import SearchTookTooLong
from ficshelf.search.query import Query, QueryError, parse
from ficshelf.tags.models import FilterTagging, MetaTagging, Tag, TagType
from ficshelf.works.models import Creatorship, Work
from ficshelf.works.models.work import WorkQuerySet

# A page fetches the ids of its first results in one go: they give the first pages,
# the sidebar's tag counts (from the first SAMPLE) and, when there are no more, the
# exact total. Listings fetch up to COUNT_LIMIT ("1,000+" beyond) unless the database
# expects far more matches, and text searches SAMPLE ("100+"): at a million works,
# counting a popular fandom's works or a common word's matches takes longer than
# everything else on the page together.
SAMPLE = 100
COUNT_LIMIT = 1000
MAX_PAGE = 5000  # AO3 shows at most 100,000 results: 5,000 pages of 20
SORTS = {
    # AO3's sort keys → (label, ORM ordering, default direction)
    "revised_at": ("Date Updated", "updated_at", "desc"),
    "created_at": ("Date Posted", "published_at", "desc"),
    "title_to_sort_on": ("Title", "title_sort", "asc"),
    "authors_to_sort_on": ("Creator", "creator_sort", "asc"),
    "word_count": ("Word Count", "word_count", "desc"),
    "kudos_count": ("Kudos", "kudos_count", "desc"),
    "comments_count": ("Comments", "comment_count", "desc"),
    "bookmarks_count": ("Bookmarks", "bookmark_count", "desc"),
    "hits": ("Hits", "hit_count", "desc"),
}
DEFAULT_SORT = "revised_at"


@dataclass(frozen=True)
class CountedPages:
    """What a Page's paginator tells the pagination links: how many pages there are."""

    num_pages: int


@dataclass
class Results:
    """Everything a listing page shows: the page of works, counts, sidebar and messages.

    It is also the page itself: it answers a Django Page's questions (number, has_next(),
    paginator.num_pages…), so the shared `_pagination.html` draws its links. A listing
    counts only its first results, so it pages by itself rather than through a Paginator.
    """

    works: list[Work] = field(default_factory=list)
    total: int = 0
    total_is_minimum: bool = False  # there are more than `total` results
    has_more: bool = False  # works follow this page
    number: int = 1  # of this page
    per_page: int = 20
    facets: Facets = field(default_factory=list)
    facet_sample: int = 0  # > 0: the sidebar counted only this many of the results
    notices: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    timed_out: bool = False  # stopped at FICSHELF_SEARCH_TIME_LIMIT (errors says so)
    sort_column: str = DEFAULT_SORT
    include: list[Tag] = field(default_factory=list)
    exclude: list[Tag] = field(default_factory=list)
    query: Query | None = None

    @property
    def paginator(self) -> CountedPages:
        """The pages of the counted results; more may follow when the total is a minimum."""
        return CountedPages(min(MAX_PAGE, max(1, -(-self.total // self.per_page))))

    def has_next(self) -> bool:
        return self.has_more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous() or self.has_next()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def first(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.works else 0

    @property
    def last(self) -> int:
        return self.first + len(self.works) - 1 if self.works else 0


def _resolve_tags(names: list[str], notices: list[str]) -> list[Tag]:
    """Existing tags for these names, as the canonical readers filter by; unknown ones noted."""
    if not names:
        return []
    found = {
        tag.name.lower(): tag
        for tag in Tag.objects.annotate(lower_name=Lower("name"))
        .filter(lower_name__in=[name.lower() for name in names])
        .select_related("merger")
    }
    tags = []
    for name in names:
        tag = found.get(name.lower())
        if tag is None:
            notices.append(f"No tag called “{name}” exists, so it was left out of the filter.")
        elif tag.filterable not in tags:
            tags.append(tag.filterable)
    return tags


def _root_fandoms() -> Coalesce:
    """How many unrelated fandoms a work is in: fandoms in its filter rows with no metatag above."""
    roots = (
        FilterTagging.objects.filter(work=OuterRef("pk"), tag__type=TagType.FANDOM, tag__merger__isnull=True)
        .exclude(Exists(MetaTagging.objects.filter(sub_tag=OuterRef("tag"))))
        .values("work")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(roots, output_field=IntegerField()), 0)


class WorkFilter:
    """A reader's filters (and search) applied to the works they may see."""

    def __init__(
        self, data: QueryDict, user: User | None, *, tag: Tag | None = None, searching: bool = False
    ):
        self.form = WorkFilterForm(data, searching=searching)
        self.user = user
        self.tag = tag
        self.searching = searching
        self.page_number = data.get("page", "1")

    def _apply(self, results: Results) -> tuple[WorkQuerySet, str]:
        form = self.form
        valid = form.is_valid()
        data = form.cleaned_data
        if not valid:
            results.errors += [str(error) for error in form.non_field_errors()]
            results.errors += [
                f"{form.fields[name].label}: {' '.join(str(error) for error in errors)}"
                for name, errors in form.errors.items()
                if name != "__all__"
            ]
        works = Work.objects.visible_to(self.user)
        include = [self.tag] if self.tag is not None else []  # its works: Work.objects.in_tag
        if len(form.include_names) <= MAX_FILTER_TAGS:
            results.include = _resolve_tags(form.include_names, results.notices)
        if len(form.exclude_names) <= MAX_FILTER_TAGS:
            results.exclude = _resolve_tags(form.exclude_names, results.notices)
        expression = ""
        raw_query = data.get("q", "")
        if raw_query:
            try:
                results.query = query = parse(raw_query)
            except QueryError as error:
                results.errors.append(str(error))
            else:
                self._tag_terms_to_filters(query, results)
        if results.errors:
            return works.none(), ""

        include += results.include
        if data.get("rating"):
            rating = Tag.objects.filter(name=data["rating"], type=TagType.RATING).first()
            if rating is None:
                return works.none(), ""
            include.append(rating)
        works = get_backend().with_tags(works, include, results.exclude)
        if data.get("complete"):
            works = works.filter(complete=data["complete"] == "T")
        if data.get("single_chapter"):
            works = works.filter(chapter_count=1, complete=True)
        if data.get("crossover"):
            counted = works.alias(root_fandoms=_root_fandoms())
            works = (
                counted.filter(root_fandoms__gte=2)
                if data["crossover"] == "T"
                else counted.filter(root_fandoms__lt=2)
            )
        if data.get("language"):
            works = works.filter(language=data["language"])
        if data.get("words_from") is not None:
            works = works.filter(word_count__gte=data["words_from"])
        if data.get("words_to") is not None:
            works = works.filter(word_count__lte=data["words_to"])
        for name, column in (("revised", "updated_at"), ("posted", "published_at")):
            if data.get(f"{name}_from"):
                works = works.filter(**{f"{column}__date__gte": data[f"{name}_from"]})
            if data.get(f"{name}_to"):
                works = works.filter(**{f"{column}__date__lte": data[f"{name}_to"]})
        if results.query is not None and results.query.groups:
            works, expression = get_backend().filter(works, results.query)
        return works, expression

    def _tag_terms_to_filters(self, query: Query, results: Results) -> None:
        """`tag:Name` naming a real tag filters by it (synonyms and subtags count); else it's words."""
        groups = []
        for group in query.groups:
            term = group[0]
            if len(group) == 1 and term.field == "tags":
                found = _resolve_tags([term.text], [])
                if found:
                    results.include += [t for t in found if t not in results.include]
                    continue
            groups.append(group)
        excluded = []
        for term in query.excluded:
            found = _resolve_tags([term.text], []) if term.field == "tags" else []
            if found:
                results.exclude += [t for t in found if t not in results.exclude]
            else:
                excluded.append(term)
        query.groups, query.excluded = groups, excluded
        if excluded and not groups and not (results.include or self.tag):
            results.errors.append("Add at least one word to look for: a search can't only exclude words.")

    def _ordering(self, works: WorkQuerySet, results: Results) -> WorkQuerySet:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        key = self.form.data.get("sort_column") or DEFAULT_SORT
        if key not in SORTS:
            results.notices.append(
                f"“{key[:40]}” isn't a way to sort works; they are sorted by date updated instead."
            )
            key = DEFAULT_SORT
        results.sort_column = key
        _, column, direction = SORTS[key]
        direction = data.get("sort_direction") or direction
        if column == "title_sort":
            works = works.alias(title_sort=Lower("title"))
        elif column == "creator_sort":
            first_creator = (
                Creatorship.objects.accepted().filter(work=OuterRef("pk")).order_by("position", "id")
            )
            works = works.alias(creator_sort=Lower(Subquery(first_creator.values("pseud__name")[:1])))
        prefix = "-" if direction == "desc" else ""
        return works.order_by(f"{prefix}{column}", f"{prefix}id")

    def results(self) -> Results:
        try:
            with get_backend().time_limit(settings.FICSHELF_SEARCH_TIME_LIMIT):
                return self._results()
        except SearchTookTooLong:
            results = Results(per_page=settings.FICSHELF_PER_PAGE, timed_out=True)
            results.errors.append(
                "Finding these works took too long. Add a word or a tag, or leave out an "
                "excluded word, to narrow the search."
            )
            return results

    def _results(self) -> Results:
        per_page = settings.FICSHELF_PER_PAGE
        results = Results(per_page=per_page)
        works, expression = self._apply(results)
        works = self._ordering(works, results)
        if results.errors:
            return results
        # A plain ORDER BY … LIMIT lets the database walk the sort index and stop early.
        # Where it expects few matches it visits them all to sort them anyway, so the
        # same query can fetch (and so count) up to COUNT_LIMIT; the estimate may be a
        # few times off either way, hence the margin.
        fetch = SAMPLE
        if not expression:
            estimate = get_backend().estimated_count(works)
            if estimate is None or estimate < 4 * COUNT_LIMIT:
                fetch = COUNT_LIMIT
        first = list(works.values_list("pk", flat=True)[: fetch + 1])
        results.total = len(first)
        if results.total > fetch:
            first.pop()
            results.total, results.total_is_minimum = fetch, True
        if results.total > SAMPLE or results.total_is_minimum:
            results.facet_sample = SAMPLE
        try:
            page = int(self.page_number)
        except (TypeError, ValueError):
            page = 1
        # Past the counted results, pages go on ("Next →") as long as there are works.
        last_page = MAX_PAGE if results.total_is_minimum else results.paginator.num_pages
        results.number = max(1, min(page, last_page))
        if page > MAX_PAGE and results.total_is_minimum:
            results.notices.append(
                f"Only the first {MAX_PAGE:,} pages can be shown; narrow your filters to see more."
            )
        start = (results.number - 1) * per_page
        every_result_fetched = results.total == len(first) and not results.total_is_minimum
        if start + per_page < len(first) or every_result_fetched:
            page_ids = first[start : start + per_page]
            results.has_more = start + per_page < results.total or results.total_is_minimum
        else:
            page_ids = list(works.values_list("pk", flat=True)[start : start + per_page + 1])
            results.has_more = len(page_ids) > per_page and results.number < MAX_PAGE
            page_ids = page_ids[:per_page]
            if not page_ids:
                results.notices.append(f"There are no more works after page {results.number - 1:,}.")
        by_id = {work.pk: work for work in Work.objects.filter(pk__in=page_ids).for_blurbs()}
        results.works = [by_id[pk] for pk in page_ids if pk in by_id]
        if expression and results.works:
            snippets = get_backend().snippets(expression, page_ids)
            for work in results.works:
                if work.pk in snippets:
                    work.search_chapter_id, work.search_snippet = snippets[work.pk]
        if results.total:
            results.facets = sidebar_facets(first[:SAMPLE])
        return results
