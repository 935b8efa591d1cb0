"""Moderators' decisions on a submission: review, questions, declining, and taking
it in as a new person or into one already in the archive (inside the write-side
rule, archive.widening)."""

from datetime import date

import pghistory
from django.db import transaction

from archive.visibility import Visibility
from archive.widening import refuse_widening
from sources.models import Citation
from sources.models import Language
from sources.models import Source
from victims import happenings
from victims.models import NameVariant
from victims.models import Person
from victims.names import guess_script

from ..models import CLOSED
from ..models import Decision
from ..models import Status
from ..models import Submission

STATUS_AFTER = {
    Decision.Action.REVIEW: Status.IN_REVIEW,
    Decision.Action.MORE_INFORMATION: Status.MORE_INFORMATION,
    Decision.Action.DECLINE: Status.DECLINED,
    Decision.Action.ACCEPT: Status.ACCEPTED,
    Decision.Action.MERGE: Status.ACCEPTED,
}


def _decide(
    submission: Submission, action: str, *, moderator, note="", person=None
) -> Decision:
    status = STATUS_AFTER[action]
    submission.status = status
    fields = ["status"]
    if person is not None:  # from then on about the person it went into
        submission.person = person
        fields.append("person")
    if status in CLOSED and submission.forget_contact_when_closed:
        submission.contact_encrypted = None
        fields.append("contact_encrypted")
    submission.save(update_fields=fields)
    return Decision.objects.create(
        submission=submission,
        action=action,
        moderator=moderator,
        person=person,
        note=note,
    )


def start_review(submission: Submission, *, moderator, note: str = "") -> Decision:
    return _decide(submission, Decision.Action.REVIEW, moderator=moderator, note=note)


def ask_for_more_information(submission: Submission, *, moderator, note: str):
    action = Decision.Action.MORE_INFORMATION
    return _decide(submission, action, moderator=moderator, note=note)


def decline(submission: Submission, *, moderator, reason: str) -> Decision:
    return _decide(
        submission, Decision.Action.DECLINE, moderator=moderator, note=reason
    )


def accept_request(submission: Submission, *, moderator, note: str) -> Decision:
    """A request to remove or anonymise a record, carried out by the moderator in the
    person's record (retraction, naming); the note says what was done."""
    action = Decision.Action.ACCEPT
    return _decide(
        submission, action, moderator=moderator, note=note, person=submission.person
    )


def testimony_source(submission: Submission) -> Source:
    """The submission as a Source of kind testimony, staff-only, made once."""
    if submission.testimony_source_id:
        return submission.testimony_source
    received = submission.received_at.date()
    source = Source.objects.create(
        reference=f"submission-{submission.uuid}",
        kind=Source.Kind.TESTIMONY,
        title=f"Submission of {received:%Y-%m-%d}: {submission.get_kind_display()}",
        published_on=received,
        language=submission.language
        if submission.language in Language.values
        else Language.OTHER,
        visibility=Visibility.STAFF,
    )
    submission.testimony_source = source
    submission.save(update_fields=["testimony_source"])
    return source


def _cite(records, source: Source) -> None:
    for record in records:
        Citation.objects.cite(record, source, note="from a public submission")


def _facts(submission: Submission, person: Person, wanted: set[str]) -> list:
    """Create the records the submission reports that the moderator chose, each as
    its kind makes it from a submission (victims.happenings)."""
    created = []
    for kind in happenings.kinds():
        if kind.value not in wanted or kind.from_submission is None:
            continue
        if (record := kind.from_submission(person, submission)) is not None:
            created.append(record)
    return created


def _take_in(submission, person, facts, source, action, moderator, note) -> None:
    """The chosen facts as records of `person`, each citing the submission, and the
    decision that accepted it. The caller runs it inside refuse_widening, with
    `person` watched: the facts and citations follow from them."""
    _cite([person, *_facts(submission, person, facts)], source)
    _decide(submission, action, moderator=moderator, note=note, person=person)


@transaction.atomic
def accept_as_new_person(
    submission: Submission, *, moderator, facts: set[str], note: str = ""
) -> Person:
    """A new staff-only person from the submission, with the facts chosen, each
    citing the submission as a testimony source."""
    with (
        pghistory.context(reason=f"accepted submission {submission.uuid}"),
        refuse_widening(by=moderator) as watch,
    ):
        source = testimony_source(submission)
        person = Person.objects.create(
            surname=submission.surname,
            given_name=submission.given_name,
            patronymic=submission.patronymic,
            birth_date=date(submission.birth_year, 1, 1)
            if submission.birth_year
            else None,
            residence_region=submission.region,
            naming=submission.naming,
            consent_note=f"Chosen by the submitter of {source.reference}.",
        )
        watch.add(person)
        _take_in(
            submission, person, facts, source, Decision.Action.ACCEPT, moderator, note
        )
    return person


@transaction.atomic
def merge_into_person(
    submission: Submission,
    *,
    person: Person,
    moderator,
    facts: set[str],
    note: str = "",
) -> Person:
    """Add the chosen facts to a person already in the archive. The submitted
    spelling is kept as a name variant (both spellings stay searchable)."""
    with (
        pghistory.context(reason=f"merged submission {submission.uuid}"),
        refuse_widening(by=moderator, records=[person]),
    ):
        source = testimony_source(submission)
        spelling = {
            "surname": submission.surname,
            "given_name": submission.given_name,
            "patronymic": submission.patronymic,
        }
        known = person.name_variants.filter(**spelling).exists()
        if "name" in facts and submission.name and not known:
            NameVariant.objects.create(
                person=person,
                **spelling,
                script=guess_script(submission.name),
                source=source,
                note="as given in a submission",
            )
        _take_in(
            submission, person, facts, source, Decision.Action.MERGE, moderator, note
        )
    return person
