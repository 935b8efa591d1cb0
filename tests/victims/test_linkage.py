"""Victim-list linkage: automatic links, the review queue and its decisions, what a
link adds (a cited spelling search finds, at the list's visibility), and who may
see and decide what."""

import pytest
from django.db import DatabaseError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from archive.visibility import Visibility
from sources.models import Citation
from sources.models import ListEntry
from sources.models import VictimList
from tests.factories import PublicPersonFactory
from tests.factories import UserFactory
from tests.factories import VictimListFactory
from tests.factories import partner_token
from tests.queries import html_of
from tests.waiting import wait_until
from victims.actions.linkage import link_list
from victims.actions.list_decisions import decide
from victims.models import EntryDecision
from victims.models import EntryProposal
from victims.models import EntryVerdict
from victims.models import NameVariant
from victims.models import Person

pytestmark = pytest.mark.django_db
QUEUE = "admin:victims_entrydecision_queue"


def entry(victim_list, row: int, name: str, **fields) -> ListEntry:
    parts = name.replace(".", ". ").split()
    initials = "".join(p[0] for p in parts[1:] if p.endswith("."))
    names = [p for p in parts if not p.endswith(".")] + ["", "", ""]
    return ListEntry.objects.create(
        victim_list=victim_list,
        row_number=row,
        columns=[["№", str(row)], ["ФИО", name]],
        name_as_written=name,
        surname=names[0],
        given_name=names[1],
        patronymic=names[2],
        initials=initials,
        **fields,
    )


def person(surname, given, patronymic="", year=None, **fields) -> Person:
    from datetime import date

    return PublicPersonFactory(
        surname=surname,
        given_name=given,
        patronymic=patronymic,
        birth_date=date(year, 1, 1) if year else None,
        **fields,
    )


@pytest.fixture
def archive():
    """Two namesakes with the same initials, and one clear match."""
    return {
        "clear": person("Тоқаев", "Ерлан", "Серікұлы", 1990),
        "namesake_1": person("Жұмабаев", "Қайрат", "Болатұлы", 1985),
        "namesake_2": person("Жұмабаев", "Қанат", "Бекұлы", 1985),
    }


def test_linkage_links_queues_and_proposes(archive, editor_client):
    # A staff-only list: its spellings are staff's, so an editor's run may link.
    victim_list = VictimListFactory(visibility=Visibility.STAFF)
    clear = entry(victim_list, 1, "Токаев Ерлан Серикович", birth_year=1990)
    initials = entry(victim_list, 2, "Жумабаев К.Б.", birth_year=1985)
    unknown = entry(victim_list, 3, "Ибрагимов Нурсултан Асетович", birth_year=1970)

    outcome = link_list(victim_list, by=editor_client.user)

    assert outcome.bands == {
        clear.pk: EntryProposal.Band.LINKED,
        initials.pk: EntryProposal.Band.REVIEW,  # two people fit "К.Б."
        unknown.pk: EntryProposal.Band.NEW,
    }
    link = EntryDecision.objects.get(entry=clear)
    assert link.person == archive["clear"] and link.automatic
    assert link.decided_by == editor_client.user
    agreed = {part["field"]: part["agreement"] for part in link.explanation}
    assert agreed["surname"] == "same" and agreed["birth_year"] == "same"
    # Importing and linking never made a person by themselves.
    assert Person.objects.count() == 3
    # A second run leaves decided entries alone.
    assert link_list(victim_list, by=editor_client.user).scored == 2


def test_an_editors_run_leaves_links_that_would_publish_a_spelling_to_review(
    archive, editor_client, moderator_client
):
    victim_list = VictimListFactory()  # public: its spelling would be public
    row = entry(victim_list, 1, "Токаев Ерлан Серикович", birth_year=1990)

    outcome = link_list(victim_list, by=editor_client.user)

    assert outcome.bands == {row.pk: EntryProposal.Band.REVIEW}
    assert outcome.linked == 0 and outcome.review == 1
    assert not EntryDecision.objects.exists()
    assert not NameVariant.objects.filter(source=victim_list).exists()
    EntryProposal.objects.all().delete()
    assert link_list(victim_list, by=moderator_client.user).linked == 1


def test_a_link_makes_the_lists_spelling_findable_at_the_lists_visibility(
    archive, moderator_client
):
    public_list = VictimListFactory()
    staff_list = VictimListFactory(visibility=Visibility.STAFF)
    who = archive["clear"]
    decide(
        entry(public_list, 1, "Tokayev Yerlan"),
        EntryVerdict.LINK,
        person=who,
        by=moderator_client.user,
    )
    decide(
        entry(staff_list, 1, "Taqaev Erlanbek"),
        EntryVerdict.LINK,
        person=who,
        by=moderator_client.user,
    )

    def found(client, query: str) -> bool:
        return who.name_for(Visibility.PUBLIC) in html_of(
            client, f"{reverse('victims:search')}?q={query}"
        )

    assert found(Client(), "Tokayev Yerlan")
    assert not found(Client(), "Taqaev Erlanbek")  # a staff-only list's spelling
    assert found(moderator_client, "Taqaev Erlanbek")
    variant = NameVariant.objects.get(person=who, source=public_list)
    assert variant.note.startswith("#1")
    assert who.name_variants.filter(source=staff_list).exists()


def test_a_later_decision_reverses_a_link_and_the_log_keeps_both(
    archive, editor_client
):
    victim_list = VictimListFactory(visibility=Visibility.STAFF)
    row = entry(victim_list, 1, "Tokayev Yerlan")
    who = archive["clear"]
    decide(row, EntryVerdict.LINK, person=who, by=editor_client.user, reason="same")
    decide(row, EntryVerdict.NOT_THIS_PERSON, person=who, by=editor_client.user)

    assert not NameVariant.objects.filter(source=victim_list).exists()
    assert not Citation.objects.filter(source=victim_list).exists()
    untied = Citation.including_removed.get(source=victim_list)
    assert untied.removed_by == editor_client.user
    assert "not_this_person" in untied.removal_reason
    assert [d.decision for d in EntryDecision.objects.filter(entry=row)] == [
        "link",
        "not_this_person",
    ]
    with pytest.raises(DatabaseError), transaction.atomic():
        EntryDecision.objects.filter(entry=row).delete()
    # Ruled out, the person is no candidate of the next run.
    link_list(victim_list, by=editor_client.user)
    assert not row.candidates.filter(person=who).exists()


def test_reviewers_decide_in_the_queue(archive, editor_client):
    victim_list = VictimListFactory(visibility=Visibility.STAFF)
    row = entry(victim_list, 1, "Жумабаев К.Б.", birth_year=1985)
    link_list(victim_list, by=editor_client.user)
    queue = reverse(QUEUE) + f"?list={victim_list.pk}&band=review"

    page = html_of(editor_client, queue)
    assert "Жумабаев К.Б." in page and "Қайрат" in page and "Қанат" in page

    decide_url = reverse("admin:victims_entrydecision_decide", args=[row.pk])
    refused = editor_client.post(
        decide_url, {"decision": "link", "reason": "", "next": queue}
    )
    assert refused.status_code == 302 and not EntryDecision.objects.exists()
    response = editor_client.post(
        decide_url,
        {
            "decision": "link",
            "person": str(archive["namesake_1"].uuid),
            "reason": "the family confirmed",
            "next": "https://elsewhere.example/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(QUEUE)  # never off the site
    decision = EntryDecision.objects.get(entry=row)
    assert decision.person == archive["namesake_1"] and not decision.automatic
    assert decision.probability is not None and decision.explanation
    assert "Жумабаев К.Б." not in html_of(editor_client, queue)  # decided


def test_the_queue_and_decisions_are_for_editors_and_moderators(
    client, moderator_client
):
    victim_list = VictimListFactory()
    row = entry(victim_list, 1, "Tokayev Yerlan")
    no_role = Client()
    no_role.force_login(UserFactory(is_staff=True))
    decide_url = reverse("admin:victims_entrydecision_decide", args=[row.pk])
    run_url = reverse("admin:victims_entrydecision_run", args=[victim_list.pk])
    token = partner_token("read:public", "read:partners")
    partner = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    for url in (reverse(QUEUE),):
        assert client.get(url).status_code == 302  # to the login page
        assert partner.get(url).status_code == 302
        assert no_role.get(url).status_code == 403
        assert moderator_client.get(url).status_code == 200
    for url in (decide_url, run_url):
        body = {"decision": "unsure", "reason": "?"}
        assert client.post(url, body).status_code == 302
        assert no_role.post(url, body).status_code == 403
    assert not EntryDecision.objects.exists()


def test_a_new_person_decision_makes_a_staff_only_cited_record(editor_client):
    victim_list = VictimListFactory(counts=VictimList.Counts.KILLED)
    from datetime import date

    row = entry(
        victim_list, 4, "Ибрагимов Нурсултан Асетович", event_date=date(2022, 1, 6)
    )
    decision = decide(row, EntryVerdict.NEW_PERSON, by=editor_client.user, reason="new")

    made = decision.person
    assert made.surname == "Ибрагимов" and made.visibility == Visibility.STAFF
    assert made.naming == Person.Naming.PSEUDONYM
    assert made.death.occurred_on == date(2022, 1, 6)
    assert made.death.visibility == Visibility.STAFF
    from sources.models import Citation

    assert Citation.objects.filter(source=victim_list, locator="#4").count() == 2


@pytest.mark.worker
def test_the_worker_links_a_list_started_from_the_queue(reference_data, celery_worker):
    editor = Client()
    editor.force_login(UserFactory(role="editor"))
    person("Тоқаев", "Ерлан", "Серікұлы", 1990)
    victim_list = VictimListFactory(visibility=Visibility.STAFF)
    entry(victim_list, 1, "Токаев Ерлан Серикович", birth_year=1990)

    response = editor.post(
        reverse("admin:victims_entrydecision_run", args=[victim_list.pk])
    )
    assert response.status_code == 302

    wait_until(EntryDecision.objects.exists, "the worker linking the list")
    assert EntryDecision.objects.get().automatic


def test_initials_that_spell_a_digraph_are_two_initials(editor_client):
    """ "Д.Ж." is Д and Ж, as the search reads it, not the letter "Дж": the person
    whose given name starts with Д is the one offered."""
    right = person("Оспанов", "Данияр", "Жанатұлы", 1980)
    person("Оспанов", "Жандос", "Серікұлы", 1980)
    victim_list = VictimListFactory(visibility=Visibility.STAFF)
    row = entry(victim_list, 1, "Оспанов Д.Ж.", birth_year=1980)

    link_list(victim_list, by=editor_client.user)

    assert row.initials == "ДЖ"
    candidates = list(row.candidates.order_by("-probability"))
    assert candidates[0].person == right
    search = Person.objects.search("Оспанов Д.Ж.", Visibility.PUBLIC)
    assert search[0].person == right  # the search agrees


def test_two_rows_of_one_list_never_both_link_to_one_person(archive, editor_client):
    victim_list = VictimListFactory(visibility=Visibility.STAFF)
    first = entry(victim_list, 1, "Токаев Ерлан Серикович", birth_year=1990)
    again = entry(victim_list, 2, "Тоқаев Ерлан Серікұлы", birth_year=1990)

    outcome = link_list(victim_list, by=editor_client.user)

    assert outcome.bands == {
        first.pk: EntryProposal.Band.LINKED,
        again.pk: EntryProposal.Band.REVIEW,  # a possible duplicate row
    }
    later = entry(victim_list, 3, "Tokayev Yerlan", birth_year=1990)
    assert link_list(victim_list, by=editor_client.user).bands == {
        again.pk: EntryProposal.Band.REVIEW,
        later.pk: EntryProposal.Band.REVIEW,
    }


def test_a_namesake_decades_older_is_never_linked_automatically(editor_client):
    """ "Adilet Serikbaev, 22" and a namesake born in 1961: the names agree, the
    age does not, and a reviewer decides."""
    person("Серікбаев", "Әділет", "", 1961)
    victim_list = VictimListFactory(visibility=Visibility.STAFF)
    row = entry(victim_list, 1, "Серикбаев Адилет", age=22)

    outcome = link_list(victim_list, by=editor_client.user)

    assert outcome.bands == {row.pk: EntryProposal.Band.REVIEW}
    weights = {part["field"]: part for part in row.candidates.get().explanation}
    assert weights["birth_year"]["agreement"] == "more than 5 years apart"
    assert weights["birth_year"]["weight"] < -5  # graded: far apart costs more


def test_namesakes_the_entry_cannot_tell_apart_go_to_review(editor_client):
    person("Серікбаев", "Әділет", "Болатұлы", 1990)
    person("Серікбаев", "Әділет", "Асқарұлы", 1975)
    victim_list = VictimListFactory(visibility=Visibility.STAFF)
    bare = entry(victim_list, 1, "Серикбаев Адилет")
    told_apart = entry(victim_list, 2, "Серикбаев Адилет Болатович", birth_year=1990)

    outcome = link_list(victim_list, by=editor_client.user)

    assert outcome.bands[bare.pk] == EntryProposal.Band.REVIEW
    assert outcome.bands[told_apart.pk] == EntryProposal.Band.LINKED


def test_the_queue_ranks_candidates_by_their_weight_in_bits(editor_client):
    """Two namesakes both at 1.000: the one whose birth year is nearer comes first,
    and each shows its weight."""
    person("Серікбаев", "Әділет", "Асқарұлы", 1975)
    person("Серікбаев", "Әділет", "Болатұлы", 1990)
    victim_list = VictimListFactory(visibility=Visibility.STAFF)
    row = entry(victim_list, 1, "Серикбаев Адилет", birth_year=1988)

    assert link_list(victim_list, by=editor_client.user).bands == {
        row.pk: EntryProposal.Band.REVIEW
    }
    page = html_of(editor_client, reverse(QUEUE) + f"?list={victim_list.pk}")
    assert page.index("Болатұлы") < page.index("Асқарұлы")
    assert " bits)" in page


def test_the_queue_explains_scores_in_the_staff_members_language(editor_client):
    from django.utils import translation

    person("Серікбаев", "Әділет", "Асқарұлы", 1975)
    person("Серікбаев", "Әділет", "Болатұлы", 1990)
    victim_list = VictimListFactory(visibility=Visibility.STAFF)
    entry(victim_list, 1, "Серикбаев Адилет", birth_year=1988)
    link_list(victim_list, by=editor_client.user)

    with translation.override("kk"):
        queue = reverse(QUEUE) + f"?list={victim_list.pk}"
        page = html_of(editor_client, queue)
        words = translation.gettext("same")
    assert words != "same" and f"{words} (" in page
    assert "more than 5 years apart" not in page and ": same (" not in page


def test_a_reviewer_finds_and_links_someone_linkage_did_not_propose(
    archive, editor_client
):
    victim_list = VictimListFactory(visibility=Visibility.STAFF)
    row = entry(victim_list, 1, "Жумабаев К.Б.", birth_year=1985)
    link_list(victim_list, by=editor_client.user)
    other = person("Жұмабаев", "Қуаныш", "Бақытұлы", 1984)  # after the run
    queue = reverse(QUEUE) + f"?list={victim_list.pk}"

    page = html_of(editor_client, queue, {"for": row.pk, "find": "Жұмабаев Қуаныш"})
    assert "Жұмабаев Қуаныш Бақытұлы" in page
    assert f'name="person" value="{other.uuid}"' in page

    decided = editor_client.post(
        reverse("admin:victims_entrydecision_decide", args=[row.pk]),
        {"decision": "link", "person": str(other.uuid), "reason": "the family",
         "next": queue},
    )  # fmt: skip
    assert decided.status_code == 302
    assert EntryDecision.objects.get(entry=row).person == other


def test_a_link_whose_names_differ_needs_the_reviewer_to_say_so(archive, editor_client):
    """A crafted POST linking someone of another surname is not recorded until
    the reviewer ticks that the names differ."""
    victim_list = VictimListFactory(visibility=Visibility.STAFF)
    row = entry(victim_list, 1, "Жумабаев К.Б.", birth_year=1985)
    decide_url = reverse("admin:victims_entrydecision_decide", args=[row.pk])
    post = {
        "decision": "link",
        "person": str(archive["clear"].uuid),  # Тоқаев Ерлан
        "reason": "a crafted link",
        "next": reverse(QUEUE),
    }

    refused = editor_client.post(decide_url, post, follow=True)
    assert not EntryDecision.objects.exists()
    assert "no recorded spelling of Тоқаев Ерлан Серікұлы has that surname" in (
        refused.content.decode()
    )

    editor_client.post(decide_url, {**post, "names_differ": "1"})
    assert EntryDecision.objects.get(entry=row).person == archive["clear"]


def test_the_queues_search_is_for_reviewers_only(client):
    from tests.factories import UserFactory

    roleless = Client()
    roleless.force_login(UserFactory(is_staff=True))
    url = reverse(QUEUE) + "?for=1&find=Tokayev"
    assert client.get(url).status_code == 302  # to the login page
    assert roleless.get(url).status_code == 403
