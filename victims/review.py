"""The linkage review queue of the staff workspace: the decision log, each entry's
candidates with their explained scores, and the decision form (editors and
moderators: permission victims.review_linkage)."""

from django import forms
from django.contrib import admin
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists
from django.db.models import OuterRef
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from archive.admin import OwnPages
from archive.admin import ReadOnlyAdmin
from archive.queueing import after_commit
from archive.visibility import Visibility
from sources.models import ListEntry
from sources.models import VictimList

from .actions.list_decisions import decide
from .models import EntryDecision
from .models import EntryMatch
from .models import EntryProposal
from .models import EntryVerdict
from .models import LinkCandidate
from .models import Person
from .names import fold
from .tasks import link_list_entries

REVIEW_PERMISSION = "victims.review_linkage"
PAGE_SIZE = 25
FOUND = 10  # people a reviewer's search offers for one entry


class EntryDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=EntryVerdict.choices)
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.current(),
        to_field_name="uuid",
        required=False,
    )
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))
    names_differ = forms.BooleanField(
        label=_("Link even though the names differ"), required=False
    )


@admin.register(EntryDecision)
class EntryDecisionAdmin(OwnPages, ReadOnlyAdmin):
    """The decision log (read only), and the queue where decisions are made."""

    list_display = ["entry", "decision", "person_name", "probability", "automatic"]
    list_display += ["decided_by", "created_at"]
    list_filter = ["decision", "automatic", "entry__victim_list"]
    list_select_related = ["entry__victim_list", "person", "decided_by"]
    own_pages = [
        ("queue/", "queue_view", "victims_entrydecision_queue"),
        ("entry/<int:entry_id>/", "decide_view", "victims_entrydecision_decide"),
        ("run/<int:list_id>/", "run_view", "victims_entrydecision_run"),
    ]

    @admin.display(description=_("person"))
    def person_name(self, decision: EntryDecision) -> str:
        return decision.person.name_for(Visibility.STAFF) if decision.person else ""

    def _reviewer(self, request) -> None:
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied

    def queue_view(self, request):
        """Entries of one list (or all) by where linkage left them: to review,
        proposed new, or not yet decided; each with its candidates."""
        self._reviewer(request)
        band = request.GET.get("band", EntryProposal.Band.REVIEW)
        if band not in EntryProposal.Band.values:
            band = EntryProposal.Band.REVIEW
        entries = ListEntry.objects.filter(proposal__band=band).exclude(
            Exists(
                EntryDecision.objects.filter(entry=OuterRef("pk")).exclude(
                    decision=EntryVerdict.UNSURE
                )
            )
        )
        victim_list = None
        if list_id := request.GET.get("list", ""):
            if not list_id.isdigit():
                raise PermissionDenied
            victim_list = get_object_or_404(VictimList, pk=list_id)
            entries = entries.filter(victim_list=victim_list)
        entries = entries.select_related("victim_list", "proposal").prefetch_related(
            Prefetch(
                "candidates",
                LinkCandidate.objects.select_related("person").order_by("-probability"),
            ),
            Prefetch(
                "matches",
                EntryMatch.objects.select_related("other__victim_list"),
            ),
        )
        page = Paginator(entries.order_by("victim_list", "row_number"), PAGE_SIZE)
        finding = _finding(request)
        return TemplateResponse(
            request,
            "admin/victims/review_queue.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Who is this entry? The linkage review queue"),
                "page": page.get_page(request.GET.get("page")),
                "band": band,
                "bands": EntryProposal.Band.choices,
                "victim_list": victim_list,
                "lists": VictimList.objects.order_by("title"),
                "decisions": EntryVerdict.choices,
                "finding": finding,
            },
        )

    @method_decorator(require_POST)
    def decide_view(self, request, entry_id: int):
        self._reviewer(request)
        entry = get_object_or_404(ListEntry, pk=entry_id)
        form = EntryDecisionForm(request.POST)
        if form.is_valid() and _unconfirmed_mismatch(entry, form.cleaned_data):
            messages.error(
                request,
                _(
                    "Not linked: the entry reads “%(entry)s”, and no recorded "
                    "spelling of %(person)s has that surname. If they are the same "
                    "person, tick “Link even though the names differ”."
                )
                % {
                    "entry": entry.name_as_written,
                    "person": form.cleaned_data["person"].name_for(Visibility.STAFF),
                },
            )
        elif form.is_valid():
            try:
                decide(
                    entry,
                    form.cleaned_data["decision"],
                    person=form.cleaned_data["person"],
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    **self._score(entry, form.cleaned_data["person"]),
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Decision recorded for %s.") % entry)
        else:
            for errors in form.errors.values():
                messages.error(request, f"{entry}: {' '.join(errors)}")
        back = request.POST.get("next", "")
        if not back.startswith(_queue_url()):  # never off to another site
            back = _queue_url()
        return redirect(back)

    @staticmethod
    def _score(entry: ListEntry, person) -> dict:
        candidate = entry.candidates.filter(person=person).first() if person else None
        if candidate is None:
            return {}
        return {
            "probability": candidate.probability,
            "explanation": candidate.explanation,
        }

    @method_decorator(require_POST)
    def run_view(self, request, list_id: int):
        self._reviewer(request)
        victim_list = get_object_or_404(VictimList, pk=list_id)
        after_commit(link_list_entries, victim_list.pk, request.user.pk)
        messages.success(
            request,
            _(
                "Linking the entries of %(list)s: the queue fills as it finishes "
                "(a few minutes for 10,000 entries)."
            )
            % {"list": victim_list.title},
        )
        return redirect(
            f"{_queue_url()}?list={victim_list.pk}&band={EntryProposal.Band.REVIEW}"
        )


def _finding(request) -> dict:
    """Anyone a reviewer looks for by name for one entry (`for`), proposed or not:
    the archive's search, as staff read it."""
    query, entry = request.GET.get("find", "").strip(), request.GET.get("for", "")
    if not query or not entry.isdigit():
        return {}
    hits = Person.objects.search(query, Visibility.STAFF, limit=FOUND)
    return {"entry": int(entry), "query": query, "people": [h.person for h in hits]}


def _unconfirmed_mismatch(entry: ListEntry, decision: dict) -> bool:
    """A link to a person none of whose spellings shares the entry's surname (a
    two-word name read either way round), without the reviewer saying so."""
    person = decision["person"]
    if decision["decision"] != EntryVerdict.LINK or person is None:
        return False
    if decision["names_differ"]:
        return False
    read = {fold(entry.surname)}
    if entry.given_name and not entry.patronymic:
        read.add(fold(entry.given_name))
    read.discard("")
    recorded = set(person.name_variants.values_list("surname_key", flat=True))
    return bool(read) and not read & recorded


def _queue_url() -> str:
    return reverse("admin:victims_entrydecision_queue")
