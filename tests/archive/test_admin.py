"""The staff workspace: who may enter, what they may do, and the publication rule."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from archive.visibility import Visibility
from sources.models import Citation
from tests.admin_models import registered_models
from tests.factories import AllegationFactory
from tests.factories import DeathFactory
from tests.factories import DetentionFactory
from tests.factories import FigureFactory
from tests.factories import IncidentFactory
from tests.factories import InjuryFactory
from tests.factories import PseudonymousPersonFactory
from tests.factories import PublicPersonFactory
from tests.factories import PublicSourceFactory
from tests.factories import StaffPersonFactory
from tests.factories import UserFactory
from tests.factories import place
from tests.factories import sign_in
from tests.forms import citation_rows
from tests.forms import keeping_citations
from tests.forms import person_change_data
from tests.forms import person_page_inlines
from victims.models import Person

pytestmark = pytest.mark.django_db

ARCHIVE_APPS = {"sources", "victims", "allegations"}


def archive_models():
    return [m for m in registered_models() if m._meta.app_label in ARCHIVE_APPS]


def admin_url(model, action: str, *args) -> str:
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}"
    return reverse(name, args=args)


@pytest.fixture
def one_of_each(archive_data):
    """At least one row of every model, so that every change page can be opened."""
    allegation = AllegationFactory()
    DeathFactory(incident=IncidentFactory())
    DetentionFactory()
    InjuryFactory()
    FigureFactory()
    from victims.models import CriminalCase
    from victims.models import Defendant

    case = CriminalCase.objects.create(number="1-2022-001")
    Defendant.objects.create(case=case, person=allegation.victim, role="protester")
    from tests.factories import NameVariantFactory

    NameVariantFactory(person=allegation.victim)
    from django.core.files.base import ContentFile

    from sources.models import ListEntry
    from sources.models import ListImport
    from sources.models import VictimList

    list_import = ListImport(
        victim_list=VictimList.objects.first(),
        filename="list.csv",
        sha256="0" * 64,
        created_by=UserFactory(role="editor"),
    )
    list_import.file.save("list.csv", ContentFile("Name\nЖолдасбеков\n".encode()))
    from victims.models import PersonImport

    PersonImport.objects.create(
        filename="people.csv",
        sha256="0" * 64,
        reason="one of each",
        created_by=UserFactory(role="editor"),
    )
    entry = ListEntry.objects.create(
        victim_list=VictimList.objects.first(),
        row_number=1,
        columns=[["Name", "Жолдасбеков Ж."]],
        name_as_written="Жолдасбеков Ж.",
    )
    from victims.actions.list_decisions import decide

    decide(entry, "unsure", by=UserFactory(role="editor"), reason="one of each")


def test_every_archive_model_is_in_the_admin():
    registered = {m._meta.model_name for m in archive_models()}
    models = {
        m._meta.model_name
        for m in apps.get_models()
        if m._meta.app_label in ARCHIVE_APPS
        and not m._meta.model_name.endswith("event")
    }
    # Name variants, defendants and hearings are edited inline on their person's
    # and case's page, annotations on their list entry's page; name keys are the
    # search's derived vocabulary, not records; linkage candidates, entry matches
    # and proposals are what the last linkage run computed, shown in the review
    # queue.
    assert models - registered == {
        "namevariant",
        "defendant",
        "hearing",
        "namekey",
        "entryannotation",
        "linkcandidate",
        "entrymatch",
        "entryproposal",
    }


@pytest.mark.parametrize("role", ["editor", "moderator", "administrator"])
def test_every_admin_page_loads_for_each_staff_role(role, one_of_each, client, rf):
    request = rf.get("/")
    request.user = UserFactory(role=role)
    sign_in(client, request.user)

    for model in archive_models():
        assert client.get(admin_url(model, "changelist")).status_code == 200, model
        obj = model.objects.first()
        assert client.get(admin_url(model, "change", obj.pk)).status_code == 200, model
        if admin.site.get_model_admin(model).has_add_permission(request):
            assert client.get(admin_url(model, "add")).status_code == 200, model


def test_anonymous_visitors_are_sent_to_the_login_page(client, one_of_each):
    for model in archive_models():
        response = client.get(admin_url(model, "changelist"))
        assert response.status_code == 302, model
        assert "/admin/login/" in response["Location"]


def test_a_signed_in_user_without_a_role_is_refused(client, one_of_each):
    client.force_login(UserFactory(is_staff=True))

    for model in archive_models():
        assert client.get(admin_url(model, "changelist")).status_code == 403, model


def test_history_pages_are_reachable_for_staff(editor_client):
    person = PublicPersonFactory()

    response = editor_client.get(admin_url(Person, "history", person.pk))

    assert response.status_code == 200
    assert "Created" in response.text  # the person's first event, in words


def person_form(**overrides) -> dict:
    """The person page's fields, a staff-only record, with its inlines empty."""
    data = {
        **person_page_inlines(),
        "surname": "Жұмабекова",
        "given_name": "Гүлнұр",
        "patronymic": "",
        "sex": "female",
        "role": "civilian",
        "birth_precision": "year",
        "visibility": "staff",
        "details_visibility": "staff",
        "naming": "pseudonym",
        "pseudonym": "",
        "consent_note": "",
        "change_reason": "entered from an invented list",
    }
    data.update(overrides)
    return data


def test_an_editor_adds_a_person_with_a_reason(editor_client):
    response = editor_client.post(admin_url(Person, "add"), person_form())

    assert response.status_code == 302, response.content.decode()[:3000]
    person = Person.objects.get(surname="Жұмабекова")
    assert person.visibility == Visibility.STAFF


def test_a_public_record_without_a_citation_is_refused(moderator_client):
    form = person_form(visibility="public")

    response = moderator_client.post(admin_url(Person, "add"), form)

    assert response.status_code == 200
    assert (
        "needs at least one citation of a source they may read"
        in response.content.decode()
    )
    assert not Person.objects.filter(surname="Жұмабекова").exists()


def test_a_moderator_publishes_a_record_with_its_citation(moderator_client):
    source = PublicSourceFactory()
    citation = {"source": source.pk, "locator": "p. 4"}
    form = person_form(visibility="public", **citation_rows(citation))

    response = moderator_client.post(admin_url(Person, "add"), form)

    assert response.status_code == 302
    person = Person.objects.get(surname="Жұмабекова")
    assert person.visibility == Visibility.PUBLIC
    assert person.citations.get().source == source


def test_removing_the_last_citation_of_a_public_record_is_refused(moderator_client):
    person = PublicPersonFactory()
    citation = person.citations.get()
    removing = {"id": citation.pk, "source": citation.source_id, "DELETE": "on"}
    form = person_form(
        surname=person.surname,
        visibility="public",
        naming="full",
        **citation_rows(removing, initial=1),
    )

    response = moderator_client.post(admin_url(Person, "change", person.pk), form)

    assert response.status_code == 200
    assert (
        "needs at least one citation of a source they may read"
        in response.content.decode()
    )
    assert Citation.objects.filter(pk=citation.pk).exists()


def test_a_moderator_removes_a_citation_which_stays_marked_with_who_and_why(
    moderator_client, client
):
    person = PublicPersonFactory(naming="full")
    kept = person.citations.get()
    removed = Citation.objects.cite(person, PublicSourceFactory(title="Withdrawn"))
    rows = citation_rows(
        {"id": kept.pk, "source": kept.source_id},
        {"id": removed.pk, "source": removed.source_id, "DELETE": "on"},
        initial=2,
    )
    form = person_form(
        surname=person.surname,
        visibility="public",
        naming="full",
        change_reason="the report was withdrawn by its author",
        **rows,
    )

    response = moderator_client.post(admin_url(Person, "change", person.pk), form)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(person.citations.all()) == [kept]
    marked = Citation.including_removed.get(pk=removed.pk)
    assert marked.removed_by == moderator_client.user
    assert marked.removal_reason == "the report was withdrawn by its author"
    page = client.get(person.get_absolute_url())
    assert page.status_code == 200
    assert "Withdrawn" not in page.content.decode()
    api = client.get(reverse("api:citations-list"))
    assert api.status_code == 200
    assert str(removed.uuid) not in api.content.decode()
    listed = moderator_client.get(admin_url(Citation, "changelist"))
    assert listed.status_code == 200
    assert "the report was withdrawn by its author" in listed.content.decode()


def test_an_editor_may_not_make_a_record_public(editor_client):
    source = PublicSourceFactory()
    form = person_form(visibility="public", **citation_rows({"source": source.pk}))

    response = editor_client.post(admin_url(Person, "add"), form)

    assert response.status_code == 200
    assert "Only moderators may widen who sees this" in response.content.decode()


def test_publish_action_refuses_records_without_citation(moderator_client):
    cited = StaffPersonFactory()
    Citation.objects.create(
        content_type=ContentType.objects.get_for_model(Person),
        object_id=cited.pk,
        source=PublicSourceFactory(),
    )
    uncited = StaffPersonFactory()

    response = moderator_client.post(
        admin_url(Person, "changelist"),
        {"action": "publish", "_selected_action": [cited.pk, uncited.pk]},
        follow=True,
    )

    assert "1 record published." in response.content.decode()
    assert "Not published (no citation)" in response.content.decode()
    cited.refresh_from_db()
    uncited.refresh_from_db()
    assert cited.visibility == Visibility.PUBLIC
    assert uncited.visibility == Visibility.STAFF


def test_editors_do_not_get_the_publish_action(editor_client):
    person = StaffPersonFactory()

    response = editor_client.post(
        admin_url(Person, "changelist"),
        {"action": "publish", "_selected_action": [person.pk]},
        follow=True,
    )

    person.refresh_from_db()
    assert person.visibility == Visibility.STAFF
    assert "No action selected" in response.content.decode()


def test_retraction_asks_for_a_reason_then_keeps_the_record(editor_client):
    person = PublicPersonFactory()
    url = admin_url(Person, "changelist")
    selection = {"action": "retract", "_selected_action": [person.pk]}

    confirm_page = editor_client.post(url, selection)
    assert confirm_page.status_code == 200
    assert "Reason for retraction" in confirm_page.content.decode()

    without_reason = editor_client.post(
        url, {**selection, "confirm": "1", "reason": ""}
    )
    assert without_reason.status_code == 200
    person.refresh_from_db()
    assert not person.is_retracted

    reason = "Duplicate of another record"
    editor_client.post(url, {**selection, "confirm": "1", "reason": reason})
    person.refresh_from_db()
    assert person.is_retracted
    assert person.retraction_reason == "Duplicate of another record"


def test_nothing_can_be_deleted_through_the_admin(administrator_client):
    person = PublicPersonFactory()

    response = administrator_client.get(admin_url(Person, "delete", person.pk))

    assert response.status_code == 403
    assert Person.objects.filter(pk=person.pk).exists()


def test_places_are_searchable_for_autocomplete(editor_client):
    place("Zhanaozen")

    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "victims",
            "model_name": "person",
            "field_name": "residence_settlement",
            "term": "Жаңа",
        },
    )

    assert response.status_code == 200
    assert "Zhanaozen" in response.content.decode()


def test_a_torture_survivor_is_not_named_without_recorded_consent(moderator_client):
    from tests.factories import AllegationFactory

    survivor = AllegationFactory().victim
    url = admin_url(Person, "change", survivor.pk)
    data = keeping_citations(person_change_data(moderator_client, url), survivor)
    data.update({"naming": "full", "consent_note": ""})

    refused = moderator_client.post(url, data)

    assert refused.status_code == 200
    assert "named publicly only with consent on record" in refused.content.decode()
    survivor.refresh_from_db()
    assert survivor.naming == Person.Naming.PSEUDONYM

    data["consent_note"] = "Invented: consent given in writing on 1 March 2024."
    assert moderator_client.post(url, data).status_code == 302
    survivor.refresh_from_db()
    assert survivor.naming == Person.Naming.FULL


def test_staff_lists_show_real_names(editor_client):
    person = PseudonymousPersonFactory(surname="Құдайбергенов", pseudonym="Witness K")
    AllegationFactory(victim=person)
    DeathFactory(person=person)

    for model in ("victims/person", "victims/death", "allegations/tortureallegation"):
        page = editor_client.get(f"/en/admin/{model}/")
        assert page.status_code == 200
        assert "Құдайбергенов" in page.text, model


@pytest.mark.parametrize(
    "query",
    [
        "visibility__exact=%00",
        "naming__exact=%00",
        "q=%00",
        "role__exact=a%00b",
    ],
)
def test_a_null_byte_in_a_filter_is_a_400_not_a_500(editor_client, query):
    for url in (f"/en/admin/victims/person/?{query}", f"/api/v1/persons/?{query}"):
        response = editor_client.get(url)
        assert response.status_code == 400, url
    assert (
        editor_client.get("/en/admin/sources/source/?kind__exact=%00").status_code
        == 400
    )
