"""Posting and reading works, chapters and series. Views stay thin: models decide."""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ficshelf.accounts.decorators import verified_email_to_write
from ficshelf.accounts.http import AuthenticatedHttpRequest, viewer
from ficshelf.accounts.models import User
from ficshelf.caching import cacheable_for_guests, personal
from ficshelf.pagination import paginate
from ficshelf.works.forms.chapter import ChapterFieldsForm, ChapterForm
from ficshelf.works.forms.ordering import OrderForm
from ficshelf.works.forms.series import SeriesForm
from ficshelf.works.forms.work import NewWorkForm, WorkForm
from ficshelf.works.models import Chapter, Series, SubmittedForm, Work
from ficshelf.works.posting import create_work, update_work
from ficshelf.works.signals import work_viewed


def _visible_work(reader: User | None, work_id: int) -> Work:
    """The work if this reader may see it, else 404 (never a hint that it exists)."""
    works = Work.objects.visible_to(reader).for_blurbs(reader)
    return get_object_or_404(works, pk=work_id)


def _editable_work(request: AuthenticatedHttpRequest, work_id: int) -> Work:
    work = _visible_work(request.user, work_id)
    if not work.editable_by(request.user):
        raise PermissionDenied("Only the creators of this work can change it.")
    return work


def _adult_gate(request: HttpRequest, work: Work) -> HttpResponse | None:
    """AO3's "this work could have adult content" page, unless the reader agreed already."""
    if request.GET.get("view_adult") == "true":
        request.session["view_adult"] = True
        return None
    reader = viewer(request)
    if (
        not work.is_adult
        or request.session.get("view_adult")
        or (reader is not None and reader.skip_adult_warning)
        or work.is_creator(reader)
    ):
        return None
    query = request.GET.copy()
    query["view_adult"] = "true"
    return render(
        request,
        "works/adult_gate.html",
        {"work": work, "continue_url": f"{request.path}?{query.urlencode()}"},
    )


def _reading_context(reader: User | None, work: Work, chapters: list[Chapter]) -> dict[str, object]:
    return {
        "work": work,
        "chapters": chapters,
        "all_chapters": chapters,
        "is_creator": work.is_creator(reader),
        "series_links": work.series_links(reader),
    }


def _reading_page(request: HttpRequest, work: Work, context: dict[str, object]) -> HttpResponse:
    """The work page. Guests' copies may be cached and count hits through their beacon
    (`work_hit`); a signed-in reader's visit is counted here, since their pages never are."""
    if request.user.is_authenticated:
        shown = context["shown"]
        assert isinstance(shown, list)
        work_viewed.send(sender=Work, request=request, work=work, chapter=shown[-1])
    response = render(request, "works/work.html", context)
    # Whether a guest sees the text or the adult-content check depends on their session.
    return personal(response) if work.is_adult else response


@cacheable_for_guests
def work_detail(request: HttpRequest, work_id: int) -> HttpResponse:
    reader = viewer(request)
    work = _visible_work(reader, work_id)
    if gate := _adult_gate(request, work):
        return personal(gate)
    chapters = work.chapters_visible_to(reader)
    context = _reading_context(reader, work, chapters)
    if request.GET.get("view_full_work") == "true" or len(chapters) <= 1:
        shown = chapters
        context["full_work"] = len(chapters) > 1
    else:
        shown = chapters[:1]
        context["next_chapter"] = chapters[1]
    context["shown"] = shown
    return _reading_page(request, work, context)


@cacheable_for_guests
def chapter_detail(request: HttpRequest, work_id: int, chapter_id: int) -> HttpResponse:
    reader = viewer(request)
    work = _visible_work(reader, work_id)
    if gate := _adult_gate(request, work):
        return personal(gate)
    chapters = work.chapters_visible_to(reader)
    index = next((i for i, c in enumerate(chapters) if c.pk == chapter_id), None)
    if index is None:
        return render(request, "404.html", {"message": "This work has no such chapter."}, status=404)
    context = _reading_context(reader, work, chapters)
    context["shown"] = [chapters[index]]
    context["previous_chapter"] = chapters[index - 1] if index > 0 else None
    context["next_chapter"] = chapters[index + 1] if index + 1 < len(chapters) else None
    return _reading_page(request, work, context)


# A transparent 1×1 GIF: what the beacon answers.
_BEACON_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def work_hit(request: HttpRequest, work_id: int, chapter_id: int) -> HttpResponse:
    """The beacon image on a guest's work page: it counts the visit however the page was
    served (from this server, a proxy's cache or the browser's), and is itself never cached.
    Counting stays off the request path: work_viewed's receiver only queues a task."""
    reader = viewer(request)
    work = get_object_or_404(Work.objects.visible_to(reader), pk=work_id)
    chapter = get_object_or_404(work.visible_chapters_queryset(reader), pk=chapter_id)
    work_viewed.send(sender=Work, request=request, work=work, chapter=chapter)
    response = HttpResponse(_BEACON_GIF, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    return response


@cacheable_for_guests
def chapter_index(request: HttpRequest, work_id: int) -> HttpResponse:
    reader = viewer(request)
    work = _visible_work(reader, work_id)
    chapters = work.chapters_visible_to(reader)
    return render(request, "works/chapter_index.html", {"work": work, "chapters": chapters})


def _claim_token(user: User, token: uuid.UUID) -> SubmittedForm | None:
    """Record a form's one-time token; None if it was submitted before."""
    try:
        with transaction.atomic():
            return SubmittedForm.objects.create(token=token, user=user, result_url="")
    except IntegrityError:
        return None


def _already_submitted(request: AuthenticatedHttpRequest, token: uuid.UUID) -> HttpResponse:
    earlier = SubmittedForm.objects.filter(token=token, user=request.user).first()
    messages.info(request, "That form was already submitted; here is what it posted.")
    return redirect(earlier.result_url if earlier and earlier.result_url else reverse("listings:works"))


def _form_page(request: HttpRequest, template: str, form: forms.BaseForm, **context: object) -> HttpResponse:
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)


@login_required
@verified_email_to_write
def new_work(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = NewWorkForm(user=request.user, initial={"form_token": SubmittedForm().token})
        return _form_page(request, "works/work_form.html", form)

    form = NewWorkForm(request.POST, user=request.user)
    action = request.POST.get("action", "post")
    if not form.is_valid() or action == "preview":
        return _form_page(
            request, "works/work_form.html", form, preview=action == "preview" and form.is_valid()
        )

    with transaction.atomic():
        submitted = _claim_token(request.user, form.cleaned_data["form_token"])
        if submitted is None:
            return _already_submitted(request, form.cleaned_data["form_token"])
        posting = action == "post"
        work = create_work(form.work_fields(), [form.chapter_fields()], user=form.user, post=posting)
        submitted.result_url = work.get_absolute_url()
        submitted.save(update_fields=["result_url"])
    messages.success(
        request, "Work was successfully posted." if posting else "Draft saved. Only you can see it."
    )
    return redirect(work)


@login_required
def edit_work(request: AuthenticatedHttpRequest, work_id: int) -> HttpResponse:
    work = _editable_work(request, work_id)
    context = {"work": work, "editing": True}
    if request.method != "POST":
        form = WorkForm(user=request.user, work=work, initial=WorkForm.initial_for(work, request.user))
        form.initial["form_token"] = SubmittedForm().token
        return _form_page(request, "works/work_form.html", form, **context)

    form = WorkForm(request.POST, user=request.user, work=work)
    action = request.POST.get("action", "update")
    if not form.is_valid() or action == "preview":
        return _form_page(request, "works/work_form.html", form, preview=form.is_valid(), **context)
    update_work(work, form.work_fields(), user=form.user, post=action == "post")
    messages.success(request, "Work was successfully updated.")
    return redirect(work)


@login_required
@require_POST
@verified_email_to_write
def post_draft(request: AuthenticatedHttpRequest, work_id: int) -> HttpResponse:
    work = _editable_work(request, work_id)
    if not work.posted:
        work.post()
        messages.success(request, "Your draft is posted: readers can see it now.")
    return redirect(work)


@login_required
@require_POST
def remove_me(request: AuthenticatedHttpRequest, work_id: int) -> HttpResponse:
    """ "Remove Me As Co-Creator": a creator leaves the byline; the work stays with the others."""
    work = _editable_work(request, work_id)
    try:
        work.remove_creator(request.user)
    except ValidationError as refusal:
        messages.error(request, refusal.message)
        return redirect(work)
    messages.success(request, f"You are no longer a co-creator of “{work.title}”.")
    return redirect(request.user)


@login_required
def delete_work(request: AuthenticatedHttpRequest, work_id: int) -> HttpResponse:
    work = _editable_work(request, work_id)
    if request.method == "POST":
        title = work.title
        work.delete()
        messages.success(request, f"“{title}” was deleted.")
        return redirect(request.user)
    return render(request, "works/confirm_delete.html", {"work": work, "object": work, "kind": "work"})


@login_required
@verified_email_to_write
def new_chapter(request: AuthenticatedHttpRequest, work_id: int) -> HttpResponse:
    work = _editable_work(request, work_id)
    total = work.chapters.count() + 1
    context = {"work": work}
    if request.method != "POST":
        form = ChapterForm(
            chapter_total=total, initial={"form_token": SubmittedForm().token, "position": total}
        )
        return _form_page(request, "works/chapter_form.html", form, **context)

    form = ChapterForm(request.POST, chapter_total=total)
    action = request.POST.get("action", "post")
    if not form.is_valid() or action == "preview":
        return _form_page(request, "works/chapter_form.html", form, preview=form.is_valid(), **context)
    with transaction.atomic():
        submitted = _claim_token(request.user, form.cleaned_data["form_token"])
        if submitted is None:
            return _already_submitted(request, form.cleaned_data["form_token"])
        chapter = work.place_chapter(
            form.chapter_fields().apply_to(Chapter()),
            form.cleaned_data["position"],
            publish=action == "post",
        )
        submitted.result_url = chapter.get_absolute_url()
        submitted.save(update_fields=["result_url"])
    messages.success(
        request, "Chapter was successfully posted." if chapter.posted else "Chapter saved as a draft."
    )
    return redirect(chapter)


@login_required
def edit_chapter(request: AuthenticatedHttpRequest, work_id: int, chapter_id: int) -> HttpResponse:
    work = _editable_work(request, work_id)
    chapter = get_object_or_404(work.chapters, pk=chapter_id)
    total = work.chapters.count()
    context = {"work": work, "chapter": chapter, "editing": True}
    if request.method != "POST":
        initial = ChapterFieldsForm.chapter_initial(chapter) | {"position": chapter.position}
        initial["form_token"] = SubmittedForm().token
        form = ChapterForm(chapter_total=total, initial=initial)
        return _form_page(request, "works/chapter_form.html", form, **context)

    form = ChapterForm(request.POST, chapter_total=total)
    action = request.POST.get("action", "update")
    if not form.is_valid() or action == "preview":
        return _form_page(request, "works/chapter_form.html", form, preview=form.is_valid(), **context)
    work.place_chapter(
        form.chapter_fields().apply_to(chapter), form.cleaned_data["position"], publish=action == "post"
    )
    messages.success(request, "Chapter was successfully updated.")
    return redirect(chapter)


@login_required
def delete_chapter(request: AuthenticatedHttpRequest, work_id: int, chapter_id: int) -> HttpResponse:
    work = _editable_work(request, work_id)
    chapter = get_object_or_404(work.chapters, pk=chapter_id)
    if work.chapters.count() == 1:
        messages.error(request, "A work needs at least one chapter. Delete the work instead.")
        return redirect(work)
    if request.method == "POST":
        work.remove_chapter(chapter)
        messages.success(request, "The chapter was deleted.")
        return redirect(work)
    return render(request, "works/confirm_delete.html", {"work": work, "object": chapter, "kind": "chapter"})


@login_required
def manage_chapters(request: AuthenticatedHttpRequest, work_id: int) -> HttpResponse:
    work = _editable_work(request, work_id)
    chapters = list(work.chapters.order_by("position", "id"))
    form = OrderForm(request.POST or None, items=chapters)
    if request.method == "POST" and form.is_valid():
        work.renumber_chapters(form.ordered_ids())
        messages.success(request, "Chapter order saved.")
        return redirect(work)
    return render(
        request,
        "works/manage_chapters.html",
        {"work": work, "form": form},
        status=400 if form.errors else 200,
    )


@cacheable_for_guests
def series_detail(request: HttpRequest, series_id: int) -> HttpResponse:
    reader = viewer(request)
    series = get_object_or_404(
        Series.objects.visible_to(reader).prefetch_related("pseuds__user"), pk=series_id
    )
    works = series.works_visible_to(reader).for_blurbs(reader)
    return render(
        request,
        "works/series.html",
        {"series": series, "page": paginate(request, works), "can_edit": series.editable_by(reader)},
    )


@login_required
def edit_series(request: AuthenticatedHttpRequest, series_id: int) -> HttpResponse:
    series = get_object_or_404(Series.objects.visible_to(request.user), pk=series_id)
    if not series.editable_by(request.user):
        raise PermissionDenied("Only the creators of this series can change it.")
    parts = [m.work for m in series.memberships.select_related("work").order_by("position")]
    data = request.POST if request.method == "POST" else None
    form = SeriesForm(data, instance=series)
    order = OrderForm(data, items=parts, prefix="order")
    if data is not None and form.is_valid() and order.is_valid():
        with transaction.atomic():
            form.save()
            series.reorder(order.ordered_ids())
        messages.success(request, "Series was successfully updated.")
        return redirect(series)
    status = 400 if data is not None else 200
    return render(
        request, "works/series_form.html", {"series": series, "form": form, "order": order}, status=status
    )
