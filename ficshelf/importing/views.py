"""The "Import a work" pages: upload or paste, check the detected structure, fix it, post."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

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
from ficshelf.importing.forms import ImportForm
from ficshelf.importing.models import ImportDraft
from ficshelf.works.forms.work import WorkForm
from ficshelf.works.posting import create_work


@login_required
def import_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            parsed, filename = form.parsed()
        except ParseError as error:
            form.add_error(None, str(error))
        else:
            draft = ImportDraft.objects.create(
                user=request.user, filename=filename[:255], data=draft_from_parsed(parsed, filename)
            )
            return redirect(draft)
    status = 400 if form.errors else 200
    drafts = request.user.import_drafts.order_by("-revised_at")[:10]
    context = {"form": form, "drafts": drafts, "max_bytes": settings.FICSHELF_IMPORT_MAX_BYTES}
    return render(request, "importing/import_start.html", context, status=status)


def _remember_form(draft: dict, request: HttpRequest) -> None:
    """Keep what the person typed (work fields, chapter titles) across structure edits."""
    draft["form"] = {
        name: request.POST.getlist(name) for name in WorkForm.base_fields if name in request.POST
    }
    for index, chapter in enumerate(draft["chapters"]):
        key = f"chapter-{index}-title"
        if key in request.POST:
            chapter["title"] = request.POST[key].strip()[:255]


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
    record = get_object_or_404(ImportDraft, pk=draft_id, user=request.user)
    draft = record.data
    form = WorkForm(_form_data(draft, request), user=request.user)
    blocking = chapter_problems(draft)
    if request.method == "POST":
        _remember_form(draft, request)
        form = WorkForm(_form_data(draft, request), user=request.user)
        edit = request.POST.get("edit")
        if edit:
            try:
                apply_edit(draft, edit)
            except DraftEditError as error:
                messages.error(request, str(error))
            record.save()
            anchor = edit.split(":")[1] if edit.count(":") else "0"
            return redirect(f"{record.get_absolute_url()}#chapter-{anchor}")
        record.save()
        blocking = chapter_problems(draft)
        action = request.POST.get("action")
        if action in ("post", "draft") and form.is_valid() and not blocking:
            work = create_work(
                form.work_fields(), draft_chapters(draft), user=form.user, post=action == "post"
            )
            record.delete()
            messages.success(request, "Work was successfully posted." if action == "post" else "Draft saved.")
            return redirect(work)
    status = 400 if request.method == "POST" and (form.errors or blocking) else 200
    context = {
        "record": record,
        "draft": draft,
        "form": form,
        "blocking": blocking,
        "show_errors": status == 400,
    }
    return render(request, "importing/import_preview.html", context, status=status)


@login_required
@require_POST
def import_discard(request: AuthenticatedHttpRequest, draft_id: int) -> HttpResponse:
    get_object_or_404(ImportDraft, pk=draft_id, user=request.user).delete()
    messages.success(request, "The import was discarded.")
    return redirect("importing:import_work")
