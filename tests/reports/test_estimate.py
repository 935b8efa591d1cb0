"""The experimental estimate of the uncounted: right on synthetic lists whose true
size is known, computed by staff, published only by administrators."""

import random

import pytest
from django.test import Client
from django.urls import reverse

from reports.estimate import EstimateError
from reports.estimate import estimate
from reports.models import UncountedEstimate
from sources.models import ListEntry
from tests.factories import PublicPersonFactory
from tests.factories import UserFactory
from tests.factories import VictimListFactory
from victims.actions.list_decisions import decide
from victims.models import EntryVerdict

TRUE_SIZE = 1000


def synthetic(seed: int, probabilities=(0.3, 0.4, 0.5)) -> dict:
    """Independent lists over TRUE_SIZE people: who is on exactly which."""
    rng = random.Random(seed)  # noqa: S311 (synthetic data)
    counts: dict[tuple, int] = {}
    for _person in range(TRUE_SIZE):
        pattern = tuple(int(rng.random() < p) for p in probabilities)
        if any(pattern):
            counts[pattern] = counts.get(pattern, 0) + 1
    return counts


@pytest.mark.parametrize("seed", range(10))
def test_the_interval_covers_the_true_size_of_synthetic_lists(seed):
    result = estimate(synthetic(seed))
    assert result.observed < TRUE_SIZE
    assert result.low <= TRUE_SIZE <= result.high
    assert result.low <= result.total <= result.high


def test_dependent_lists_are_modelled():
    # Lists 1 and 2 share most of their people: the chosen model says so.
    rng = random.Random(7)  # noqa: S311 (synthetic data)
    counts: dict[tuple, int] = {}
    for _person in range(TRUE_SIZE):
        first = rng.random() < 0.4
        second = first and rng.random() < 0.8 or (not first and rng.random() < 0.1)
        pattern = (int(first), int(second), int(rng.random() < 0.5))
        if any(pattern):
            counts[pattern] = counts.get(pattern, 0) + 1
    result = estimate(counts)
    assert (0, 1) in result.chosen.terms
    assert result.low <= TRUE_SIZE <= result.high


def test_two_lists_or_an_empty_list_give_no_estimate():
    with pytest.raises(EstimateError):
        estimate({(1, 0): 5, (0, 1): 4, (1, 1): 2})
    with pytest.raises(EstimateError):
        estimate({(1, 0, 0): 5, (0, 1, 0): 4, (1, 1, 0): 2})


def test_two_lists_that_share_nobody_give_no_estimate_and_say_why():
    # Was an OverflowError (a 500 on the staff page): lists 1 and 2 share nobody.
    counts = {(1, 0, 0): 20, (0, 1, 0): 15, (0, 0, 1): 9, (1, 0, 1): 4, (0, 1, 1): 3}
    with pytest.raises(EstimateError, match="Lists 1 and 2 share nobody"):
        estimate(counts)


def reconciled_lists(people: int = 60, seed: int = 3, apart: bool = False):
    """Three public lists whose entries are linked to people (a moderator's links:
    each puts a public list's spelling on a public person). `apart`: the first two
    share nobody."""
    rng = random.Random(seed)  # noqa: S311 (synthetic data)
    lists = [VictimListFactory(title=f"Invented list {n}") for n in range(3)]
    reviewer = UserFactory(role="moderator")
    rows = dict.fromkeys(lists, 0)
    for number in range(people):
        person = PublicPersonFactory()
        for index, (victim_list, chance) in enumerate(
            zip(lists, (0.5, 0.5, 0.6), strict=True)
        ):
            if apart and index < 2 and number % 2 != index:
                continue
            if rng.random() < chance:
                rows[victim_list] += 1
                entry = ListEntry.objects.create(
                    victim_list=victim_list,
                    row_number=rows[victim_list],
                    columns=[["name", person.surname]],
                    name_as_written=person.surname,
                    surname=person.surname,
                )
                decide(entry, EntryVerdict.LINK, by=reviewer, person=person)
    return lists


def add_url() -> str:
    return reverse("admin:reports_uncountedestimate_add")


@pytest.mark.django_db
def test_staff_compute_an_estimate_and_only_administrators_publish_it(
    editor_client, administrator_client, client
):
    lists = reconciled_lists()
    response = editor_client.post(add_url(), {"lists": [v.pk for v in lists]})
    assert response.status_code == 302, response.text
    made = UncountedEstimate.objects.get()
    assert made.result["observed"] > 0
    assert made.published_at is None
    assert "Not published: staff only." in editor_client.get("/en/statistics/").text
    assert "No estimate has been published." in client.get("/en/statistics/").text
    assert client.get("/api/v1/statistics/").json()["estimates"] == []

    changelist = reverse("admin:reports_uncountedestimate_changelist")
    publish = {"action": "publish", "_selected_action": [made.pk]}
    editor_client.post(changelist, publish)
    made.refresh_from_db()
    assert made.published_at is None  # an editor cannot publish

    administrator_client.post(changelist, publish)
    made.refresh_from_db()
    assert made.published_at is not None
    page = client.get("/en/statistics/").text
    assert "Experimental." in page
    assert "closed" in page  # its assumptions, in plain words
    estimates = client.get("/api/v1/statistics/").json()["estimates"]
    assert estimates[0]["observed"] == made.result["observed"]
    assert estimates[0]["experimental"] is True


@pytest.mark.django_db
def test_lists_that_share_nobody_are_a_form_error_that_says_why(editor_client):
    lists = reconciled_lists(people=30, apart=True)
    response = editor_client.post(add_url(), {"lists": [v.pk for v in lists]})
    assert response.status_code == 200
    assert "share nobody" in response.text
    assert not UncountedEstimate.objects.exists()


@pytest.mark.django_db
def test_an_estimate_needs_three_lists(editor_client):
    lists = reconciled_lists()[:2]
    response = editor_client.post(add_url(), {"lists": [v.pk for v in lists]})
    assert response.status_code == 200
    assert "Choose three or more lists." in response.text
    assert not UncountedEstimate.objects.exists()


@pytest.mark.django_db
def test_estimates_are_refused_to_the_public_and_never_deleted(
    client, administrator_client
):
    no_role = Client()
    no_role.force_login(UserFactory(is_staff=True))
    assert client.get(add_url()).status_code == 302  # to the login page
    assert no_role.get(add_url()).status_code == 403
    lists = reconciled_lists(people=30)
    administrator_client.post(add_url(), {"lists": [v.pk for v in lists]})
    made = UncountedEstimate.objects.get()
    delete = reverse("admin:reports_uncountedestimate_delete", args=[made.pk])
    assert administrator_client.post(delete, {"post": "yes"}).status_code == 403
    assert UncountedEstimate.objects.filter(pk=made.pk).exists()


@pytest.mark.django_db
def test_a_published_estimate_of_a_staff_only_list_stays_with_staff(
    client, administrator_client
):
    lists = reconciled_lists(people=40)
    lists[0].visibility = "staff"
    lists[0].save()
    administrator_client.post(add_url(), {"lists": [v.pk for v in lists]})
    made = UncountedEstimate.objects.get()
    changelist = reverse("admin:reports_uncountedestimate_changelist")
    administrator_client.post(
        changelist, {"action": "publish", "_selected_action": [made.pk]}
    )
    assert "No estimate has been published." in client.get("/en/statistics/").text
