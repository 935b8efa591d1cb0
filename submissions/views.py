"""Public pages: send a submission, look up its status with the receipt code."""

import uuid

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from rest_framework.throttling import SimpleRateThrottle

from archive.visibility import clearance_of
from victims.models import Person

from .actions import intake
from .forms import ReceiptForm
from .forms import ReplyForm
from .forms import SubmissionForm
from .models import Status


class AddressThrottle(SimpleRateThrottle):
    """Submissions and receipt look-ups per address (settings.SUBMISSION_RATE).
    If the cache cannot be reached the visitor is let through (the cache misses
    instead of failing, settings.CACHES): a lost submission costs more than some
    spam."""

    def __init__(self, scope: str):
        self.scope = scope
        self.rate = settings.SUBMISSION_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {
            "scope": self.scope,
            "ident": self.get_ident(request),
        }

    def allows(self, request: HttpRequest) -> bool:
        return self.allow_request(request, None)


TOO_MANY = _("Too many attempts from your address. Please try again in an hour.")
FILES_NOT_STORED = _(
    "We could not store your files just now, so nothing was saved. Please try again "
    "in a few minutes, or send it without the files."
)
RETRY_AFTER_SECONDS = 300


@never_cache
@transaction.non_atomic_requests  # the form shows while the database is down
def submit(request: HttpRequest) -> HttpResponse:
    """The form for every kind of submission; with ?person=<uuid>, about that person."""
    person = None
    if person_id := request.GET.get("person"):
        person = get_object_or_404(
            Person.objects.visible_to(request.user), uuid=_uuid_or_404(person_id)
        )
    form = SubmissionForm(request.POST or None, request.FILES or None, person=person)
    context = {
        "form": form,
        "person": person,
        "person_name": person.name_for(clearance_of(request.user)) if person else "",
    }
    if request.method != "POST":
        return render(request, "submissions/submit.html", context)
    if not AddressThrottle("submit").allows(request):
        context["message"] = TOO_MANY
        return render(request, "submissions/submit.html", context, status=429)
    if not form.is_valid():
        return render(request, "submissions/submit.html", context, status=400)
    try:
        submission, receipt = intake.receive_submission(
            kind=form.cleaned_data["kind"],
            fields=form.submission_fields(),
            files=form.cleaned_data["attachments"],
            contact_text=form.cleaned_data["contact"],
            language=get_language() or "",
        )
    except intake.FilesNotStored:
        context["message"] = FILES_NOT_STORED
        response = render(request, "submissions/submit.html", context, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return render(
        request,
        "submissions/received.html",
        {"receipt": receipt, "status": Status(submission.status)},
    )


def _uuid_or_404(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError as error:
        raise Http404 from error


@never_cache
def status(request: HttpRequest) -> HttpResponse:
    """The status of a submission and, while more information is needed, the
    moderator's question with a form to answer it. Nothing else about it."""
    replying = request.method == "POST" and "text" in request.POST
    form = ReceiptForm(None if replying else request.POST or None)
    context = {"form": form}
    if request.method != "POST":
        return render(request, "submissions/status.html", context)
    if not AddressThrottle("status").allows(request):
        context["message"] = TOO_MANY
        return render(request, "submissions/status.html", context, status=429)
    if replying:
        return _reply(request, context)
    if form.is_valid():
        _show_status(context, form.cleaned_data["code"])
    return render(request, "submissions/status.html", context)


def _show_status(context: dict, code: str, reply_form: ReplyForm | None = None):
    found = intake.status_for_receipt(code)
    if found is None:
        context["message"] = _("No submission has this receipt code.")
        return
    context["status"] = Status(found.status)
    context["question"] = found.question
    if found.question:
        context["reply_form"] = reply_form or ReplyForm(initial={"code": code})


def _reply(request: HttpRequest, context: dict) -> HttpResponse:
    reply_form = ReplyForm(request.POST)
    if not reply_form.is_valid():
        code = request.POST.get("code", "")
        _show_status(context, code, reply_form)
        return render(request, "submissions/status.html", context, status=400)
    try:
        data = reply_form.cleaned_data
        intake.receive_reply(data["code"], data["text"])
    except intake.NoOpenQuestion:
        context["message"] = _(
            "This submission is not waiting for an answer, or the receipt code is "
            "wrong. Nothing was added."
        )
        return render(request, "submissions/status.html", context, status=400)
    context["status"] = Status.IN_REVIEW
    context["replied"] = True
    return render(request, "submissions/status.html", context)
