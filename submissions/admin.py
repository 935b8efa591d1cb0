"""The moderation queue, in the staff workspace: moderators and administrators only
(editors have no permission on submissions)."""

import logging

from django import forms
from django.contrib import admin
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse
from django.http import Http404
from django.http import HttpResponse
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.admin import OwnPages
from victims import happenings
from victims.models import Person

from . import contact
from .actions import moderation
from .actions import processing
from .models import ABOUT_A_PERSON
from .models import CLOSED
from .models import Attachment
from .models import Decision
from .models import Kind
from .models import Submission

MODERATE = "submissions.moderate_submission"


def facts() -> list[tuple[str, str]]:
    """What a moderator may take from a submission: the name, and each kind."""
    return [("name", _("The name as spelled in the submission")), *happenings.choices()]


log = logging.getLogger(__name__)


class SubmissionDecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[(value, label) for value, label in Decision.Action.choices],
        widget=forms.RadioSelect,
    )
    person = forms.ModelChoiceField(
        label=_("Merge into (public id of the person)"),
        queryset=Person.objects.current(),
        to_field_name="uuid",
        required=False,
        widget=forms.TextInput,
    )
    facts = forms.MultipleChoiceField(
        label=_("Facts to take"),
        choices=facts,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label=_("Note or reason"),
        widget=forms.Textarea,
        required=False,
        help_text=_(
            "Kept in the log. With “More information asked for” it is the question "
            "the submitter reads on the status page with their receipt code: write "
            "only what they may read."
        ),
    )

    def __init__(self, *args, submission: Submission, **kwargs):
        super().__init__(*args, **kwargs)
        self.submission = submission

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        kind = self.submission.kind
        if action == Decision.Action.ACCEPT and kind in ABOUT_A_PERSON - {Kind.REMOVAL}:
            self.add_error("action", _("It is about a person: merge it into them."))
        removal = kind == Kind.REMOVAL and action == Decision.Action.ACCEPT
        if removal and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say what was removed or anonymised."))
        if not cleaned.get("person"):
            cleaned["person"] = self.submission.person  # the person it is about
        if action == Decision.Action.MERGE and not cleaned.get("person"):
            self.add_error("person", _("Choose the person to merge into."))
        needs_note = {Decision.Action.DECLINE, Decision.Action.MORE_INFORMATION}
        if action in needs_note and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say why; the reason is kept in the log."))
        return cleaned


class HasSome(admin.SimpleListFilter):
    """Rows with, or without, any of what the annotation `counted` counts."""

    counted = ""
    with_some = without = ""

    def lookups(self, request, model_admin):
        return [("yes", self.with_some), ("no", self.without)]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(**{f"{self.counted}__gt": 0})
        if self.value() == "no":
            return queryset.filter(**{self.counted: 0})
        return queryset


class HasCandidates(HasSome):
    title = _("duplicate candidates")
    parameter_name = "duplicates"
    counted = "candidate_count"
    with_some, without = _("Has candidates"), _("None found")


class HasAnswers(HasSome):
    title = _("answers from the submitter")
    parameter_name = "answered"
    counted = "reply_count"
    with_some, without = _("Answered a question"), _("No answer")


@admin.register(Submission)
class SubmissionAdmin(OwnPages, admin.ModelAdmin):
    own_pages = [
        ("<int:submission_id>/decide/", "decide", "submissions_submission_decide"),
        (
            "attachment/<int:attachment_id>/",
            "attachment",
            "submissions_attachment_scrubbed",
        ),
        (
            "attachment/<int:attachment_id>/original/",
            "quarantined_original",
            "submissions_attachment_original",
        ),
    ]
    list_display = [
        "received_at",
        "kind",
        "status",
        "about",
        "files",
        "candidates",
        "answers",
    ]
    list_filter = ["kind", "status", "received_at", HasCandidates, HasAnswers]
    date_hierarchy = "received_at"
    change_form_template = "admin/submissions/submission/review.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("person", "region")
            .annotate(
                candidate_count=Count("candidates", distinct=True),
                file_count=Count("attachments", distinct=True),
                reply_count=Count("replies", distinct=True),
            )
        )

    @admin.display(description=_("about"))
    def about(self, submission: Submission) -> str:
        return str(submission.person or submission.name or "—")

    @admin.display(description=_("files"), ordering="file_count")
    def files(self, submission: Submission) -> int:
        return submission.file_count

    @admin.display(description=_("candidates"), ordering="candidate_count")
    def candidates(self, submission: Submission) -> int:
        return submission.candidate_count

    @admin.display(description=_("answers"), ordering="reply_count")
    def answers(self, submission: Submission) -> int:
        return submission.reply_count

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        submission = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_permission(request, submission):
            raise PermissionDenied
        extra_context = {
            **(extra_context or {}),
            "submission": submission,
            "contact": contact.decrypt(submission.contact_encrypted),
            "attachments": submission.attachments.all(),
            "candidates": submission.candidates.select_related(
                "person__residence_region"
            ),
            "decisions": submission.decisions.select_related("moderator", "person"),
            "replies": submission.replies.all(),
            "decision_form": SubmissionDecisionForm(
                initial={"facts": ["name", *submission.happened]},
                submission=submission,
            ),
            "may_decide": request.user.has_perm(MODERATE)
            and submission.status not in CLOSED,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # nothing is edited; decisions go through `decide`

    def decide(self, request, submission_id: int):
        if request.method != "POST" or not request.user.has_perm(MODERATE):
            raise PermissionDenied
        submission = get_object_or_404(Submission, pk=submission_id)
        back = reverse("admin:submissions_submission_change", args=[submission.pk])
        form = SubmissionDecisionForm(request.POST, submission=submission)
        if submission.status in CLOSED:
            messages.error(request, _("This submission is already closed."))
        elif not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
        else:
            self._apply(request, submission, form.cleaned_data)
        return HttpResponseRedirect(back)

    def _apply(self, request, submission, data) -> None:
        action, moderator, note = data["action"], request.user, data["note"]
        facts = set(data["facts"])
        if action == Decision.Action.REVIEW:
            moderation.start_review(submission, moderator=moderator, note=note)
        elif action == Decision.Action.ACCEPT and submission.kind == Kind.REMOVAL:
            moderation.accept_request(submission, moderator=moderator, note=note)
        elif action == Decision.Action.ACCEPT:
            person = moderation.accept_as_new_person(
                submission, moderator=moderator, facts=facts, note=note
            )
            messages.success(request, _("Added %(person)s.") % {"person": person})
        elif action == Decision.Action.MERGE:
            moderation.merge_into_person(
                submission,
                person=data["person"],
                moderator=moderator,
                facts=facts,
                note=note,
            )
            messages.success(
                request, _("Merged into %(person)s.") % {"person": data["person"]}
            )
        elif action == Decision.Action.MORE_INFORMATION:
            moderation.ask_for_more_information(
                submission, moderator=moderator, note=note
            )
        else:
            moderation.decline(submission, moderator=moderator, reason=note)

    def quarantined_original(self, request, attachment_id: int):
        """An original that could not be cleaned, decrypted, as a download: it
        keeps its metadata, so only a moderator fetches it, on purpose."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        attachment = get_object_or_404(Attachment, pk=attachment_id)
        if not (attachment.problem and attachment.original):
            raise Http404
        log.info("attachment %s: quarantined original fetched", attachment.pk)
        response = HttpResponse(
            processing.read_original(attachment),
            content_type="application/octet-stream",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="original-{attachment.pk}"'
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def attachment(self, request, attachment_id: int):
        """The scrubbed copy only; before scrubbing there is nothing to fetch."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        attachment = get_object_or_404(Attachment, pk=attachment_id)
        if not attachment.scrubbed:
            raise Http404
        try:
            file = attachment.scrubbed.open("rb")
        except FileNotFoundError:
            log.error(
                "attachment %s: file missing from the media folder", attachment.pk
            )
            messages.error(
                request,
                _(
                    "The file of this attachment is missing from the media folder "
                    "(its SHA-256 is %(sha256)s). Restore it from a backup."
                )
                % {"sha256": attachment.scrubbed_sha256},
            )
            return redirect(
                "admin:submissions_submission_change", attachment.submission_id
            )
        head = file.read(8)
        file.seek(0)
        response = FileResponse(file)
        response["Content-Type"] = (
            "application/pdf"
            if attachment.kind == "pdf"
            else "image/png"
            if head.startswith(b"\x89PNG")
            else "image/jpeg"
        )
        response["Content-Disposition"] = f'inline; filename="{attachment.pk}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
