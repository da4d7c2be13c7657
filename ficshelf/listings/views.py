"""Pages that list works: the works index, a tag's works, search, a user's and a pseud's
works; and tag autocomplete for the forms that take tags.

Views stay thin: WorkFilter reads the GET query string and does the work, so any
result page can be linked, bookmarked and cached by its URL.
"""

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from ficshelf.accounts.http import viewer
from ficshelf.accounts.models import User
from ficshelf.caching import cacheable_for_guests
from ficshelf.listings.filters import SORTS, WorkFilter
from ficshelf.pagination import paginate
from ficshelf.tags.models import FilterTagging, Tag, TagType, clean_tag_name
from ficshelf.works.models import Series, Work

AUTOCOMPLETE_LIMIT = 15
AUTOCOMPLETE_SCAN = 500  # matches tested for a visible work, at most (autocomplete's docstring)


def _listing(request: HttpRequest, template: str, work_filter: WorkFilter, **context: object) -> HttpResponse:
    results = work_filter.results()
    query = request.GET.copy()
    query.pop("page", None)
    context |= {
        "results": results,
        "form": work_filter.form,
        "sorts": [(key, label) for key, (label, _, _) in SORTS.items()],
        "extra_query": query.urlencode(),
        "included_names": {tag.name for tag in results.include},
        "excluded_names": {tag.name for tag in results.exclude},
        "facet_names": {tag.name for _, pairs in results.facets for tag, _ in pairs},
    }
    return render(request, template, context, status=400 if results.errors else 200)


@cacheable_for_guests
def works_index(request: HttpRequest) -> HttpResponse:
    return _listing(request, "listings/works_index.html", WorkFilter(request.GET, viewer(request)))


@cacheable_for_guests
def tag_works(request: HttpRequest, name: str) -> HttpResponse:
    tag = get_object_or_404(Tag.objects.named(name).select_related("merger"))
    if tag.merger is not None:
        # A synonym's works are its canonical's works, as on AO3.
        url = tag.merger.works_url()
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    return _listing(
        request, "listings/tag_works.html", WorkFilter(request.GET, viewer(request), tag=tag), tag=tag
    )


@cacheable_for_guests
def works_search(request: HttpRequest) -> HttpResponse:
    return _listing(
        request,
        "listings/search.html",
        WorkFilter(request.GET, viewer(request), searching=True),
        searching=True,
    )


@cacheable_for_guests
def user_detail(request: HttpRequest, username: str) -> HttpResponse:
    owner = get_object_or_404(User, username__iexact=username, is_active=True)
    if owner.username != username:
        return redirect(owner)
    reader = viewer(request)
    works = Work.objects.visible_to(reader).created_by(owner).for_blurbs(reader)
    series = Series.objects.visible_to(reader).filter(pseuds__user=owner).distinct()
    return render(
        request,
        "listings/user.html",
        {
            "owner": owner,
            "pseuds": owner.pseuds.all(),
            "page": paginate(request, works.order_by("-updated_at", "-id")),
            "series_list": series,
            "is_owner": request.user == owner,
        },
    )


@cacheable_for_guests
def pseud_detail(request: HttpRequest, username: str, pseud_name: str) -> HttpResponse:
    owner = get_object_or_404(User, username__iexact=username, is_active=True)
    pseud = get_object_or_404(owner.pseuds, name__iexact=pseud_name)
    works = Work.objects.visible_to(reader := viewer(request)).created_by(pseud).for_blurbs(reader)
    return render(
        request,
        "listings/pseud.html",
        {"owner": owner, "pseud": pseud, "page": paginate(request, works.order_by("-updated_at", "-id"))},
    )


def autocomplete(request: HttpRequest) -> JsonResponse:
    """Tags starting with what was typed, canonical first; a synonym names its canonical.

    Only canonical tags and tags on a work the asker may see are offered: a name used
    only on a draft, a hidden or restricted work must not reach anyone who can't read it.
    That is tested on the first AUTOCOMPLETE_SCAN matches only (in the order shown), so
    two typed letters matching 20,000 tags cost no more than before the test; the rare
    prefix whose first matches are almost all on works the asker can't see needs a
    letter more.
    """
    term = clean_tag_name(request.GET.get("term", ""))[:100].lower()
    tag_type = request.GET.get("type", "")
    if len(term) < 2 or (tag_type and tag_type not in TagType.values):
        return JsonResponse({"tags": []})
    rank = Case(When(canonical=True, then=Value(0)), default=Value(1), output_field=IntegerField())
    matching = Tag.objects.annotate(lower_name=Lower("name"), rank=rank).filter(lower_name__startswith=term)
    if tag_type:
        matching = matching.filter(type=tag_type)
    first = matching.order_by("rank", "lower_name").values("pk")[:AUTOCOMPLETE_SCAN]
    in_use = FilterTagging.objects.filter(
        tag=OuterRef("pk"), work__in=Work.objects.visible_to(viewer(request))
    )
    tags = (
        Tag.objects.filter(pk__in=first)
        .filter(Q(canonical=True) | Exists(in_use))
        .select_related("merger")
        .annotate(lower_name=Lower("name"), rank=rank)
        .order_by("rank", "lower_name")[:AUTOCOMPLETE_LIMIT]
    )
    return JsonResponse(
        {
            "tags": [
                {
                    "name": tag.name,
                    "canonical": tag.canonical,
                    "synonym_of": tag.merger.name if tag.merger else None,
                }
                for tag in tags
            ]
        }
    )
