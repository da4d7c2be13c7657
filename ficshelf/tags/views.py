"""Tag pages and wrangling. Rules live in Tag and ficshelf.tags.wrangling; views only wire them."""

from collections.abc import Callable, Mapping
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from ficshelf import auditing
from ficshelf.accounts.http import AuthenticatedHttpRequest, viewer
from ficshelf.accounts.models import User
from ficshelf.caching import cacheable_for_guests
from ficshelf.pagination import paginate
from ficshelf.tags import wrangling
from ficshelf.tags.forms import MassWrangleForm, TagEditForm
from ficshelf.tags.models import (
    WRANGLED_IN_FANDOMS,
    CommonTagging,
    FilterTagging,
    Tag,
    TagType,
)

WRANGLE_SHOW = {
    "characters": TagType.CHARACTER,
    "relationships": TagType.RELATIONSHIP,
    "freeforms": TagType.FREEFORM,
}
# Wranglers work through tags in bulk, so their pages hold more than a reader's.
WRANGLE_PAGE_SIZE = 50


def wrangler_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: AuthenticatedHttpRequest, *args, **kwargs) -> HttpResponse:
        if not wrangling.is_wrangler(request.user):
            raise PermissionDenied("Only tag wranglers can do this.")
        return view(request, *args, **kwargs)

    return wrapper


def _tag(name: str) -> Tag:
    return get_object_or_404(Tag.objects.named(name).select_related("merger"))


@cacheable_for_guests
def tag_detail(request: HttpRequest, name: str) -> HttpResponse:
    tag = _tag(name)
    children: dict[str, list[Tag]] = {}
    for child in tag.children.order_by("type", "name"):
        children.setdefault(child.get_type_display(), []).append(child)
    context = {
        "tag": tag,
        "synonyms": tag.synonyms.order_by("name"),
        "parents": tag.parents.order_by("type", "name"),
        "children": sorted(children.items()),
        "meta_tags": tag.meta_tags.order_by("name"),
        "sub_tags": tag.sub_tags.order_by("name"),
        "is_wrangler": wrangling.is_wrangler(viewer(request)),
    }
    return render(request, "tags/tag.html", context)


@wrangler_required
def tag_edit(request: AuthenticatedHttpRequest, name: str) -> HttpResponse:
    tag = _tag(name)
    form = TagEditForm(request.POST or None, tag=tag)
    if request.method == "POST" and form.is_valid():
        try:
            updating = _apply_edit(tag, form.cleaned_data, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            note = f" Updating {updating:,} works in the background." if updating else ""
            messages.success(request, f"Tag was updated.{note}")
            return redirect(tag)
    status = 400 if form.is_bound else 200
    return render(request, "tags/edit.html", {"tag": tag, "form": form}, status=status)


def _apply_edit(tag: Tag, data: dict, wrangler: User) -> int:
    """All of a tag edit or none of it, with its audit entry; returns the number of works being re-indexed."""
    updating = 0
    with transaction.atomic():
        before = wrangling.audit_state(tag)
        merger = data["merger"]
        if tag.merger_id and (merger is None or merger.pk != tag.merger_id):
            updating += wrangling.unmerge(tag)
        if data["canonical"] != tag.canonical:
            wrangling.set_canonical(tag, data["canonical"])
        if merger is not None and merger.pk != tag.merger_id:
            updating += wrangling.merge(tag, merger)
        for parent in data["remove_parents"]:
            wrangling.remove_parent(tag, parent)
        for parent in data["add_parents"]:
            wrangling.add_parent(tag, parent)
        for meta in data["remove_meta_tags"]:
            updating += wrangling.remove_meta_tag(tag, meta)
        for meta in data["add_meta_tags"]:
            updating += wrangling.add_meta_tag(tag, meta)
        _report(wrangler, "tag.edit", tag, data["reason"], before)
    return updating


def _report(wrangler: User, action: str, tag: Tag, reason: str, before: dict) -> None:
    auditing.report(
        wrangler,
        action,
        tag,
        reason=reason,
        before=before,
        after=wrangling.audit_state(tag),
        source=auditing.Source.PAGE,
    )


def _needs_wrangling(tag_type: str) -> Q:
    """Neither canonical nor a synonym; or canonical without its fandom (a fandom: without its media)."""
    unwrangled = Q(canonical=False, merger__isnull=True)
    if tag_type in WRANGLED_IN_FANDOMS or tag_type == TagType.FANDOM:
        parent_type = TagType.MEDIA if tag_type == TagType.FANDOM else TagType.FANDOM
        orphan = ~Exists(CommonTagging.objects.filter(child=OuterRef("pk"), parent__type=parent_type))
        unwrangled |= Q(canonical=True) & Q(orphan)
    return unwrangled


def _mass_wrangle_page(
    request: AuthenticatedHttpRequest,
    tags: QuerySet[Tag],
    template: str,
    context: Mapping[str, object],
    parent_label: str,
) -> HttpResponse:
    page = paginate(request, tags, per_page=WRANGLE_PAGE_SIZE)
    form = MassWrangleForm(request.POST or None, tags=tags, parent_label=parent_label)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        selected = list(data["selected_tags"])
        try:
            with transaction.atomic():
                before = [wrangling.audit_state(tag) for tag in selected]
                changed, works = wrangling.mass_wrangle(
                    selected,
                    parent=data["parent"],
                    canonical=data["canonical"],
                    merger=data["merger"],
                    meta_tag=data["meta_tag"],
                )
                for tag, state in zip(selected, before, strict=True):
                    _report(request.user, "tag.mass_wrangle", tag, data["reason"], state)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            note = f" Updating {works:,} works in the background." if works else ""
            messages.success(request, f"Wrangled {changed} tag{'s' if changed != 1 else ''}.{note}")
            return redirect(request.get_full_path())
    status = 400 if form.is_bound else 200
    return render(request, template, {**context, "page": page, "form": form}, status=status)


@wrangler_required
def wrangle(request: AuthenticatedHttpRequest, name: str) -> HttpResponse:
    """A fandom's unwrangled characters, relationships or additional tags, with mass actions."""
    fandom = _tag(name)
    if fandom.type != TagType.FANDOM:
        return render(request, "404.html", {"message": "Only fandoms have wrangling pages."}, status=404)
    show = request.GET.get("show", "characters")
    tag_type = WRANGLE_SHOW.get(show, TagType.CHARACTER)
    in_fandom = FilterTagging.objects.filter(tag=fandom).values("work")
    tags = (
        Tag.objects.filter(type=tag_type)
        .filter(_needs_wrangling(tag_type))
        .filter(Exists(FilterTagging.objects.filter(tag=OuterRef("pk"), work__in=in_fandom)))
        .order_by("name")
    )
    context = {"fandom": fandom, "show": show, "shows": WRANGLE_SHOW, "type_label": TagType(tag_type).label}
    return _mass_wrangle_page(request, tags, "tags/wrangle.html", context, "Assign to fandom")


@wrangler_required
def tag_wranglings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The wranglers' home: fandoms awaiting wrangling (with mass actions) and links per fandom."""
    fandoms = (
        Tag.objects.filter(type=TagType.FANDOM).filter(_needs_wrangling(TagType.FANDOM)).order_by("name")
    )
    canonical = Tag.objects.filter(type=TagType.FANDOM, canonical=True).order_by("name")
    context = {
        "canonical_fandoms": paginate(
            request, canonical, param="fandoms_page", per_page=4 * WRANGLE_PAGE_SIZE
        )
    }
    return _mass_wrangle_page(request, fandoms, "tags/wranglings.html", context, "Assign to media")
