"""The "Import a work" pages: upload or paste, check the detected structure, fix it, post."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ficshelf.accounts.decorators import verified_email_to_write
from ficshelf.accounts.http import AuthenticatedHttpRequest
from ficshelf.importer import ParseError
from ficshelf.importing.drafts import (
    DraftEditError,
    apply_edit,
    chapter_problems,
    draft_chapters,
    draft_from_parsed,
    form_data_from_draft,
)
from ficshelf.importing.forms import ChapterTitlesForm, ImportForm
from ficshelf.importing.models import ImportDraft
from ficshelf.works.forms.work import WorkForm
from ficshelf.works.posting import create_work


@login_required
@verified_email_to_write
def import_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            # Unnamed, the parsed work is freed as soon as it is a draft, before the draft is saved.
            data = draft_from_parsed(*form.parsed())
        except ParseError as error:
            form.add_error(None, str(error))
        else:
            filename = data["filename"]
            draft = ImportDraft.objects.create(user=request.user, filename=filename[:255], data=data)
            return redirect(draft)
    status = 400 if form.errors else 200
    drafts = request.user.import_drafts.order_by("-revised_at")[:10]
    context = {"form": form, "drafts": drafts, "max_bytes": settings.FICSHELF_IMPORT_MAX_BYTES}
    return render(request, "importing/import_start.html", context, status=status)


def _remember_work_fields(draft: dict, request: HttpRequest) -> None:
    """Keep the work fields typed on the review page across visits to the chapter pages."""
    draft["form"] = {
        name: request.POST.getlist(name) for name in WorkForm.base_fields if name in request.POST
    }


def _form_data(draft: dict, request: AuthenticatedHttpRequest) -> dict:
    data = form_data_from_draft(draft, request.user)
    for name, values in draft.get("form", {}).items():
        field = WorkForm.base_fields[name]
        data[name] = (
            values
            if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
            else (values[0] if values else "")
        )
    return data


@login_required
def import_preview(request: AuthenticatedHttpRequest, draft_id: int) -> HttpResponse:
    """The review: work fields, every chapter's title with a link to its page, Post."""
    record = get_object_or_404(ImportDraft, pk=draft_id, user=request.user)
    draft = record.data
    chapters = draft["chapters"]
    titles = ChapterTitlesForm(request.POST or None, chapters=chapters, indexes=range(len(chapters)))
    blocking: list[str] = []
    if request.method == "POST":
        _remember_work_fields(draft, request)
        if titles.is_valid():
            titles.apply(chapters)
        record.save()
        form = WorkForm(_form_data(draft, request), user=request.user)
        action = request.POST.get("action")
        if action in ("post", "draft"):
            blocking = chapter_problems(draft)
            if form.is_valid() and titles.is_valid() and not blocking:
                work = create_work(
                    form.work_fields(), draft_chapters(draft), user=form.user, post=action == "post"
                )
                record.delete()
                messages.success(
                    request, "Work was successfully posted." if action == "post" else "Draft saved."
                )
                return redirect(work)
        elif titles.is_valid():
            messages.success(request, "Your changes to the import were saved.")
            return redirect(record)
    else:
        form = WorkForm(_form_data(draft, request), user=request.user)
    show_errors = request.method == "POST" and bool(form.errors or titles.errors or blocking)
    context = {
        "record": record,
        "draft": draft,
        "form": form,
        "titles": titles,
        "chapter_rows": [(number, field, chapters[number - 1]) for number, field in titles.rows()],
        "blocking": blocking,
        "show_errors": show_errors,
    }
    return render(request, "importing/import_preview.html", context, status=400 if show_errors else 200)


@login_required
def import_chapter(request: AuthenticatedHttpRequest, draft_id: int, number: int) -> HttpResponse:
    """One chapter of a draft: its title, and the buttons that move its paragraphs."""
    record = get_object_or_404(ImportDraft, pk=draft_id, user=request.user)
    chapters = record.data["chapters"]
    if not 1 <= number <= len(chapters):
        raise Http404("That chapter is not in the draft.")
    index = number - 1
    titles = ChapterTitlesForm(request.POST or None, chapters=chapters, indexes=range(index, number))
    if request.method == "POST" and titles.is_valid():
        titles.apply(chapters)
        shown = index
        if edit := request.POST.get("edit", ""):
            try:
                shown = apply_edit(record.data, edit)
            except DraftEditError as error:
                messages.error(request, str(error))
        record.save()
        return redirect("importing:import_chapter", draft_id=record.pk, number=shown + 1)
    context = {
        "record": record,
        "chapter": chapters[index],
        "index": index,
        "number": number,
        "count": len(chapters),
        "title_field": titles[titles.field_name(index)],
    }
    return render(request, "importing/import_chapter.html", context, status=400 if titles.errors else 200)


@login_required
@require_POST
def import_discard(request: AuthenticatedHttpRequest, draft_id: int) -> HttpResponse:
    get_object_or_404(ImportDraft, pk=draft_id, user=request.user).delete()
    messages.success(request, "The import was discarded.")
    return redirect("importing:import_work")
