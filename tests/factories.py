"""factory_boy factories, named by state. Every name here is invented."""

import factory
from django.contrib.auth.models import Group
from django.contrib.auth.models import User
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from allegations.models import TortureAllegation
from archive.actions import issue_partner_token
from archive.roles import two_factor_required
from archive.visibility import Visibility
from sources.models import Citation
from sources.models import Figure
from sources.models import Organisation
from sources.models import Source
from sources.models import VictimList
from victims.models import CriminalCase
from victims.models import Death
from victims.models import Defendant
from victims.models import Detention
from victims.models import Incident
from victims.models import Injury
from victims.models import NameVariant
from victims.models import Person
from victims.models import Place

# Invented names in Kazakh Cyrillic, Russian Cyrillic and Latin.
SURNAMES = ["Сәрсенбаев", "Жұмабекова", "Нұрланов", "Ерболова", "Петренко", "Qasymov"]
GIVEN_NAMES = ["Әлібек", "Гүлнұр", "Ерлан", "Айгерім", "Сергей", "Dauren"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("a long test password")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.is_staff = True
            self.groups.add(Group.objects.get(name=extracted))
            self.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Invented Monitoring Group {n}")
    kind = Organisation.Kind.NGO


class PublicSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    reference = factory.Sequence(lambda n: f"invented-report-{n}")
    kind = Source.Kind.REPORT
    title = factory.Sequence(lambda n: f"Invented report number {n}")
    language = "en"
    visibility = Visibility.PUBLIC


class StaffSourceFactory(PublicSourceFactory):
    kind = Source.Kind.TESTIMONY
    title = factory.Sequence(lambda n: f"Confidential testimony {n}")
    visibility = Visibility.STAFF


def cite(record, source=None, locator: str = "p. 1") -> Citation:
    return Citation.objects.cite(
        record, source or PublicSourceFactory(), locator=locator
    )


class CitedFactory(factory.django.DjangoModelFactory):
    """A record that is public and cites a public source."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    visibility = Visibility.PUBLIC

    @factory.post_generation
    def cited(self, create, extracted, **kwargs):
        if create and extracted is not False:
            cite(self)


def place(name_en: str) -> Place:
    return Place.objects.get(name_en=name_en)


class StaffPersonFactory(factory.django.DjangoModelFactory):
    """A person as new records start: staff-only, named by pseudonym."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    surname = factory.Iterator(SURNAMES)
    given_name = factory.Iterator(GIVEN_NAMES)
    patronymic = "Серікұлы"
    sex = Person.Sex.MALE
    role = Person.Role.CIVILIAN
    residence_region = factory.LazyFunction(lambda: place("Mangystau Region"))
    residence_settlement = factory.LazyFunction(lambda: place("Zhanaozen"))
    occupation = "oil worker"
    pseudonym = factory.Sequence(lambda n: f"Witness {n}")


class PublicPersonFactory(StaffPersonFactory, CitedFactory):
    """Public, full name published, details still staff-only."""

    naming = Person.Naming.FULL


class PseudonymousPersonFactory(StaffPersonFactory, CitedFactory):
    """Public record, name withheld: a survivor without consent to be named."""

    naming = Person.Naming.PSEUDONYM


class NameVariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NameVariant
        skip_postgeneration_save = True

    surname = "Sarsenbayev"
    given_name = "Alibek"
    script = NameVariant.Script.LATIN


class IncidentFactory(CitedFactory):
    class Meta:
        model = Incident

    title_en = "Shooting on an invented square"
    occurred_on = "2022-01-05"
    place = factory.LazyFunction(lambda: place("Almaty"))


class EventFactory(CitedFactory):
    """What deaths, detentions and injuries share: a public person in Almaty on
    5 January."""

    class Meta:
        abstract = True

    person = factory.SubFactory(PublicPersonFactory)
    occurred_on = "2022-01-05"
    place = factory.LazyFunction(lambda: place("Almaty"))


class DeathFactory(EventFactory):
    class Meta:
        model = Death

    cause = "gunshot"
    circumstances = "Shot near an invented square."


class DetentionFactory(EventFactory):
    class Meta:
        model = Detention

    occurred_on = "2022-01-07"
    place = factory.LazyFunction(lambda: place("Taraz"))
    charges = ["272"]


class InjuryFactory(EventFactory):
    class Meta:
        model = Injury


class AllegationFactory(CitedFactory):
    class Meta:
        model = TortureAllegation

    victim = factory.SubFactory(PseudonymousPersonFactory)
    started_on = "2022-01-08"
    methods = ["beating", "electric_shock"]
    testimony = "An invented testimony about the cell."
    perpetrator_description = "Invented officers in black uniform."


class FigureFactory(CitedFactory):
    class Meta:
        model = Figure

    metric = Figure.Metric.ARRESTED
    value = 123
    claimant = factory.SubFactory(OrganisationFactory)
    as_of = "2022-03-01"


class CriminalCaseFactory(CitedFactory):
    class Meta:
        model = CriminalCase

    number = factory.Sequence(lambda n: f"INV-2022-{n:04d}")
    court = "An invented district court"
    articles = ["272"]
    summary = "An invented case against protesters."
    monitoring_notes = "Invented notes from the trial monitor."


def defendant(case: CriminalCase, person: Person) -> Defendant:
    return Defendant.objects.create(
        case=case, person=person, role=Defendant.Role.PROTESTER, articles=["272"]
    )


class VictimListFactory(factory.django.DjangoModelFactory):
    """A public list of the dead by an invented group, without rows."""

    class Meta:
        model = VictimList

    reference = factory.Sequence(lambda n: f"invented-list-{n}")
    title = "An invented list of the dead"
    language = "kk"
    compiled_by = factory.SubFactory(OrganisationFactory)
    counts = VictimList.Counts.KILLED
    claimed_count = 3
    visibility = Visibility.PUBLIC


def partner_token(*scopes: str, organisation=None) -> str:
    """The secret of a new token of an invented partner, with these scopes."""
    _, secret = issue_partner_token(
        organisation=organisation or OrganisationFactory(),
        name="invented nightly sync",
        scopes=list(scopes),
        created_by=None,
    )
    return secret


def sign_in(client: Client, user: User) -> Client:
    """`client` signed in as `user` as far as the account asks: a moderator or
    administrator has an enrolled authenticator and verified it in this session."""
    client.force_login(user)
    if two_factor_required(user):
        device = TOTPDevice.objects.create(user=user, name="default")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
