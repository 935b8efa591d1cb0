"""People and the names they are known by."""

import pgtrigger
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db import transaction
from django.db.models import Case
from django.db.models import Func
from django.db.models import Value
from django.db.models import When
from django.db.models.functions import Cast
from django.db.models.functions import Coalesce
from django.db.models.functions import Concat
from django.db.models.functions import Left
from django.db.models.functions import NullIf
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive.dates import DatePrecision
from archive.dates import format_approximate
from archive.encryption import EncryptedTextField
from archive.models import InForce
from archive.models import Record
from archive.models import RecordQuerySet
from archive.models import Removable
from archive.models import RemovableQuerySet
from archive.models import details_visibility_field
from archive.models import fresh_record
from archive.models import never_deleted
from archive.models import shown_in
from archive.models import tracked
from archive.visibility import NAMED_IN_FULL
from archive.visibility import ORDER
from archive.visibility import Visibility
from archive.visibility import name_shown
from sources.models import Source

from ..names import ParsedQuery
from ..names import fold
from ..names import fold_patronymic
from ..names import guess_script
from ..names import join_name
from ..names import parse_query
from .choices import Happened
from .places import Place

NAME_PARTS = ("surname", "given_name", "patronymic")


TEXT = models.TextField()


def named_at(clearance: Visibility) -> models.Q:
    """People whose real name `clearance` may read (`Person.name_visible_at`)."""
    return models.Q(
        naming__in=[
            naming
            for naming in Person.Naming
            if name_shown(clearance, consented=naming == Person.Naming.FULL)
        ]
    )


def _initial(field: str) -> Func:
    """ "A." for a name part starting with A; NULL for an empty part."""
    return Func(
        field,
        template="(NULLIF(left(%(expressions)s, 1), '') || '.')",
        output_field=TEXT,
    )


def _joined(*expressions) -> Func:
    """The texts joined by spaces, NULLs left out."""
    return Func(Value(" "), *expressions, function="concat_ws", output_field=TEXT)


def shown_name(clearance: Visibility) -> Case:
    """The name `clearance` is shown, as SQL: `Person.name_for` (the full name, the
    initials or the label), for sorting by it and for releases, which write it in
    PostgreSQL. tests/victims/test_shown_name.py holds the two equal."""
    before, after = gettext("Unnamed person %(code)s").split("%(code)s")
    label = Coalesce(
        NullIf(Cast("pseudonym", TEXT), Value("")),
        Concat(
            Value(before), Upper(Left(Cast("uuid", TEXT), 6)), Value(after),
            output_field=TEXT,
        ),
        output_field=TEXT,
    )  # fmt: skip
    parts = (NullIf(Cast(part, TEXT), Value("")) for part in NAME_PARTS)
    full_name = NullIf(_joined(*parts), Value(""))
    initials = NullIf(_joined(_initial("given_name"), _initial("surname")), Value(""))
    return Case(
        When(named_at(clearance), then=Coalesce(full_name, label)),
        When(naming=Person.Naming.INITIALS, then=Coalesce(initials, label)),
        default=label,
        output_field=TEXT,
    )


class PersonQuerySet(RecordQuerySet):
    def update(self, **changes) -> int:
        """As QuerySet.update; a change of name parts reaches every person's
        recorded spelling and its search keys (see Person.sync_names)."""
        if not changes.keys() & set(NAME_PARTS):
            return super().update(**changes)
        with transaction.atomic():
            renamed = list(self.values_list("pk", flat=True))
            count = super().update(**changes)
            for person in Person.objects.filter(pk__in=renamed):
                person.sync_names()
        return count

    def bulk_create(self, people, *args, **kwargs) -> list:
        """As QuerySet.bulk_create; each person's name becomes a spelling."""
        with transaction.atomic():
            created = super().bulk_create(people, *args, **kwargs)
            for person in created:
                person.sync_names()
        return created

    def ordered_by_shown_name(
        self, clearance: Visibility, *, first: tuple = ()
    ) -> "PersonQuerySet":
        """Sorted by the name `clearance` is shown (after the orderings in `first`,
        e.g. a region): `shown_name`. A withheld name never decides a position: the
        neighbours of a pseudonym sorted by real surname would bracket the name it
        hides. Staff are shown every real name: they sort by its columns, which
        an index serves."""
        if name_shown(clearance, consented=False):
            return self.order_by(*first, "surname", "given_name", "id")
        return self.alias(shown_name=shown_name(clearance)).order_by(
            *first, "shown_name", "id"
        )

    def search(
        self, query: "str | ParsedQuery", clearance: Visibility, *, limit: int = 50
    ) -> list:
        """People in this queryset whom `clearance` may find by a spelling of their
        name matching `query` (typed text, or parsed by victims.names.parse_query),
        in any script or spelling, best first, as victims.search.SearchHit. The
        site, the API and the duplicate finder all search through here.

        >>> civilians = Person.objects.filter(role="civilian")  # doctest: +SKIP
        >>> civilians.search("Tokayev", Visibility.PUBLIC)  # doctest: +SKIP
        """
        return _search(query, clearance, within=self, limit=limit)


class PersonManager(models.Manager.from_queryset(PersonQuerySet)):
    def search(
        self, query: "str | ParsedQuery", clearance: Visibility, *, limit: int = 50
    ) -> list:
        """Everyone `clearance` may find by name: no queryset to stay within."""
        return _search(query, clearance, within=None, limit=limit)


def _search(query, clearance: Visibility, *, within, limit: int) -> list:
    from ..search import search_people

    if isinstance(query, str):
        query = parse_query(query)
    return search_people(query, clearance, within=within, limit=limit)


@tracked()
class Person(Record):
    """One human being, whatever lists and spellings they appear under.

    Names are kept in the original script. Who may read the real name follows
    `naming` (recorded consent) and `details_visibility`: a survivor of torture is
    shown by pseudonym unless consent to be named is on record.
    """

    SENSITIVE_FIELDS = (
        "birth_date",
        "age_at_events",
        "residence_settlement",
        "occupation",
        "consent_note",
    )

    class Sex(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")
        UNKNOWN = "unknown", _("Unknown")

    class Role(models.TextChoices):
        CIVILIAN = "civilian", _("Civilian")
        LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
        MILITARY = "military", _("Military")
        UNKNOWN = "unknown", _("Unknown")

    class Naming(models.TextChoices):
        FULL = NAMED_IN_FULL, _("Full name may be published")
        INITIALS = "initials", _("Initials only")
        PSEUDONYM = "pseudonym", _("Not named: pseudonym only")

    surname = models.CharField(_("surname"), max_length=150, blank=True)
    given_name = models.CharField(_("given name"), max_length=150, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    sex = models.CharField(
        _("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_precision = models.CharField(
        _("birth date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.YEAR,
    )
    age_at_events = models.PositiveSmallIntegerField(
        _("age in January 2022"), null=True, blank=True
    )
    residence_region = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents_of_region",
        limit_choices_to={"kind__in": ["region", "city"]},
        verbose_name=_("region of residence"),
    )
    residence_settlement = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
        limit_choices_to={"kind__in": ["city", "settlement"]},
        verbose_name=_("place of residence"),
    )
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    citizenship = models.CharField(_("citizenship"), max_length=100, blank=True)
    role = models.CharField(
        _("role"), max_length=16, choices=Role.choices, default=Role.UNKNOWN
    )
    naming = models.CharField(
        _("how the person may be named publicly"),
        max_length=10,
        choices=Naming.choices,
        default=Naming.PSEUDONYM,
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=150, blank=True)
    consent_note = EncryptedTextField(
        _("consent on record"),
        blank=True,
        help_text=_("Who consented to naming, when and how."),
    )
    details_visibility = details_visibility_field()
    is_fictional = models.BooleanField(
        _("fictional demo record"), default=False, editable=False, db_index=True
    )

    objects = PersonManager()

    class Meta(Record.Meta):
        ordering = ["id"]  # never by name: pages sort by the name each viewer is shown
        triggers = [
            # A change to who may read the person or their name reaches every
            # spelling's search level at once (NameVariant.searchable_at).
            pgtrigger.Trigger(
                name="person_variants_searchable_at",
                when=pgtrigger.After,
                operation=pgtrigger.Update,
                condition=pgtrigger.AnyChange("visibility", "naming", "retracted_at"),
                func="UPDATE victims_namevariant SET searchable_at ="  # noqa: S608
                " victims_spelling_level(person_id, source_id)"
                " WHERE person_id = NEW.id AND removed_at IS NULL; RETURN NULL;",
            ),
            # A case shows its defendants as far as they are readable.
            pgtrigger.Trigger(
                name="cases_follow_defendants",
                when=pgtrigger.After,
                operation=pgtrigger.Update,
                condition=pgtrigger.AnyChange("visibility", "naming", "retracted_at"),
                func="UPDATE victims_criminalcase SET updated_at = clock_timestamp()"
                " WHERE id IN (SELECT case_id FROM victims_defendant"
                " WHERE person_id = NEW.id) AND updated_at < now(); RETURN NULL;",
            ),
            *never_deleted(),
            *fresh_record("visibility", "naming", "retracted_at"),
        ]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        permissions = [
            ("publish_records", _("Can make records public")),
            ("erase_person", _("Can erase a person's record on request")),
        ]

    def __str__(self) -> str:
        """The name anyone may read: a template that writes `{{ person }}` cannot
        leak a withheld name. Staff pages use `name_for(STAFF)`."""
        return self.name_for(Visibility.PUBLIC)

    def get_absolute_url(self) -> str:
        return reverse("victims:person", args=[self.uuid])

    def save(self, *args, **kwargs) -> None:
        """Saves, and keeps the recorded name's spelling in step (`sync_names`).

        The spelling is derived data, like an index: every writer (admin, import,
        moderation, QuerySet.update and bulk_create) must leave it right, and the
        keys need Python (victims.names), so no database trigger can keep them.
        """
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.sync_names()

    def sync_names(self) -> None:
        """The recorded name is searchable as the primary spelling. Idempotent."""
        primary = self.name_variants.filter(is_primary=True).first()
        wanted = NameVariant(
            person=self,
            is_primary=True,
            surname=self.surname,
            given_name=self.given_name,
            patronymic=self.patronymic,
            script=guess_script(self.full_name),
        )
        if primary is None:
            wanted.save()
        elif any(
            getattr(primary, name) != getattr(wanted, name)
            for name in (*NAME_PARTS, "script")
        ):
            wanted.pk, wanted.id = primary.pk, primary.pk
            wanted.save()

    def clean(self) -> None:
        if (
            self.naming == self.Naming.FULL
            and not self.consent_note.strip()
            and self.pk
            and self.has_alleged_torture()
        ):
            raise ValidationError(
                {
                    "consent_note": _(
                        "A survivor of torture is named publicly only with consent on "
                        "record: describe the consent, or choose initials or a "
                        "pseudonym."
                    )
                }
            )

    def has_alleged_torture(self) -> bool:
        """Does any torture allegation name this person as its victim?"""
        from ..happenings import kind

        allegations = kind(Happened.TORTURED).model.objects
        return allegations.filter(victim=self).exists()

    @property
    def full_name(self) -> str:
        """Official-list order: surname, given name, patronymic."""
        return join_name(self.surname, self.given_name, self.patronymic)

    @property
    def initials(self) -> str:
        return " ".join(f"{p[0]}." for p in (self.given_name, self.surname) if p)

    @property
    def label(self) -> str:
        return self.pseudonym or _("Unnamed person %(code)s") % {
            "code": str(self.uuid)[:6].upper()
        }

    def label_for(self, clearance: Visibility) -> str:
        return self.name_for(clearance)

    def name_visible_at(self, clearance: Visibility) -> bool:
        """May a viewer with `clearance` read the real name (and its spellings)?"""
        return name_shown(clearance, consented=self.naming == self.Naming.FULL)

    @classmethod
    def naming_lookup(cls) -> str:
        return "naming"

    def names_withheld_at(self, clearance: Visibility) -> bool:
        return not self.name_visible_at(clearance)

    def name_for(self, clearance: Visibility) -> str:
        """The name a viewer with `clearance` may read."""
        if self.name_visible_at(clearance):
            return self.full_name or self.label
        if self.naming == self.Naming.INITIALS and self.initials:
            return self.initials
        return self.label

    @property
    def birth_display(self) -> str:
        return format_approximate(self.birth_date, self.birth_precision)


class NameVariantQuerySet(RemovableQuerySet):
    def readable_at(self, clearance: Visibility) -> "NameVariantQuerySet":
        """Spellings `clearance` may read: the name is shown to them and the source
        it was seen in is theirs to read (the same level search finds them at)."""
        return self.filter(searchable_at__lte=ORDER.index(clearance))

    def bulk_create(self, variants, *args, **kwargs) -> list:
        variants = list(variants)
        for variant in variants:
            variant.set_keys()
        return super().bulk_create(variants, *args, **kwargs)

    def update(self, **changes) -> int:
        """As QuerySet.update; changed spellings get their keys anew."""
        if not changes.keys() & set(NAME_PARTS):
            return super().update(**changes)
        with transaction.atomic():
            changed = list(self.values_list("pk", flat=True))
            count = super().update(**changes)
            self.model.objects.rekey(self.model.objects.filter(pk__in=changed))
        return count

    def rekey(self, variants) -> int:
        """Give each variant the keys of its spelling; how many had stale keys."""
        stale = [variant for variant in variants if variant.set_keys()]
        self.model.objects.bulk_update(stale, list(KEY_FIELDS))
        return len(stale)


KEY_FIELDS = ("surname_key", "given_key", "patronymic_key")
# What victims.search reads of a spelling besides its keys.
SEARCH_COLUMNS = ["id", "person_id", "searchable_at", "script", "is_primary"]


@tracked(exclude=[*KEY_FIELDS, "searchable_at"])
class NameVariant(Removable):
    """One spelling of a person's name as seen somewhere: a list, a source, a family.
    A spelling taken back is marked removed (never deleted), and no longer found."""

    class Script(models.TextChoices):
        KAZAKH_CYRILLIC = "kk-Cyrl", _("Kazakh Cyrillic")
        RUSSIAN_CYRILLIC = "ru-Cyrl", _("Russian Cyrillic")
        LATIN = "Latn", _("Latin")
        OTHER = "other", _("Other")

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="name_variants",
        verbose_name=_("person"),
    )
    surname = models.CharField(_("surname"), max_length=150, blank=True)
    given_name = models.CharField(_("given name"), max_length=150, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    script = models.CharField(_("script"), max_length=8, choices=Script.choices)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="name_variants",
        verbose_name=_("seen in"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_primary = models.BooleanField(
        _("the name as recorded on the person"), default=False, editable=False
    )
    # Search keys (victims.names.fold): equal for every spelling of the same name part.
    surname_key = models.CharField(max_length=150, blank=True, editable=False)
    given_key = models.CharField(max_length=150, blank=True, editable=False)
    patronymic_key = models.CharField(max_length=150, blank=True, editable=False)
    # The lowest clearance (archive.visibility.ORDER index) that may read this
    # spelling and find the person by it; null once the person is retracted. Kept
    # by database triggers through the SQL function victims_spelling_level
    # (migration 0008: archive.visibility's rule, from the person's visibility,
    # naming and retraction and the source's level), so that search reads one table.
    searchable_at = models.PositiveSmallIntegerField(null=True, editable=False)

    objects = InForce.from_queryset(NameVariantQuerySet)()
    including_removed = models.Manager.from_queryset(NameVariantQuerySet)()

    class Meta:
        ordering = ["id"]
        verbose_name = _("name variant")
        verbose_name_plural = _("name variants")
        triggers = [
            # Every key written joins the typo path's vocabulary (NameKey), however
            # the spelling was written (ORM, bulk, raw SQL).
            pgtrigger.Trigger(
                name="variant_keys_known",
                when=pgtrigger.After,
                operation=pgtrigger.Insert | pgtrigger.UpdateOf(*KEY_FIELDS),
                func="INSERT INTO victims_namekey (part, key) SELECT part, key FROM"
                " (VALUES ('surname_key', NEW.surname_key),"
                " ('given_key', NEW.given_key),"
                " ('patronymic_key', NEW.patronymic_key)) AS keys (part, key)"
                " WHERE key <> '' ON CONFLICT DO NOTHING; RETURN NULL;",
            ),
            pgtrigger.Trigger(
                name="variant_searchable_at",
                when=pgtrigger.Before,
                # Whatever writes the level (the person's and the source's triggers
                # too) gets the rule's; a removed spelling finds no one.
                operation=pgtrigger.Insert
                | pgtrigger.UpdateOf(
                    "person_id", "source_id", "removed_at", "searchable_at"
                ),
                func="NEW.searchable_at := CASE WHEN NEW.removed_at IS NULL THEN"
                " victims_spelling_level(NEW.person_id, NEW.source_id) END;"
                " RETURN NEW;",
            ),
            shown_in("shown_in_person", "victims_person", "person_id"),
            *never_deleted(),
        ]
        indexes = [
            # Exact path: two parts equal, the common case of a full name typed.
            # Each index carries every column the search reads (INCLUDE), so that
            # it is answered by index-only scans, however many namesakes there are.
            models.Index(
                fields=["surname_key", "given_key"],
                include=["patronymic_key", *SEARCH_COLUMNS],
                name="variant_surname_given_cover",
            ),
            models.Index(
                fields=["given_key", "patronymic_key"],
                include=["surname_key", *SEARCH_COLUMNS],
                name="variant_given_patr_cover",
            ),
            models.Index(
                fields=["surname_key", "patronymic_key"],
                include=["given_key", *SEARCH_COLUMNS],
                name="variant_surname_patr_cover",
            ),
            models.Index(
                fields=["patronymic_key"],
                include=["surname_key", "given_key", *SEARCH_COLUMNS],
                name="variant_patronymic_cover",
            ),
            # Typo path: trigram similarity per part.
            GinIndex(
                fields=["surname_key"],
                name="variant_surname_trgm",
                opclasses=["gin_trgm_ops"],
            ),
            GinIndex(
                fields=["given_key"],
                name="variant_given_trgm",
                opclasses=["gin_trgm_ops"],
            ),
        ]

    def __str__(self) -> str:
        return join_name(self.surname, self.given_name, self.patronymic)

    def save(self, *args, **kwargs) -> None:
        """Saves with the search keys of the spelling (derived values)."""
        self.set_keys()
        super().save(*args, **kwargs)

    def set_keys(self) -> bool:
        """Compute the search keys from the spelling; True if they changed."""
        keys = name_keys(self.surname, self.given_name, self.patronymic)
        changed = any(getattr(self, name) != value for name, value in keys.items())
        for name, value in keys.items():
            setattr(self, name, value)
        return changed


def name_keys(surname: str, given_name: str, patronymic: str) -> dict[str, str]:
    """The search keys of one spelling, by part (victims.names).

    >>> name_keys("Тоқаев", "Ерлан", "Серікұлы")["surname_key"]
    'tokaev'
    """
    return {
        "surname_key": fold(surname),
        "given_key": fold(given_name),
        "patronymic_key": fold_patronymic(patronymic),
    }


class NameKey(models.Model):
    """Every distinct search key seen for a name part: the vocabulary that the typo
    path searches by trigram similarity before it looks up people by exact keys.

    Kept current by a database trigger on NameVariant whenever keys are written; a
    key whose last variant is gone stays, and simply matches no one.
    """

    class Part(models.TextChoices):
        SURNAME = "surname_key", _("surname")
        GIVEN = "given_key", _("given name")
        PATRONYMIC = "patronymic_key", _("patronymic")

    part = models.CharField(max_length=16, choices=Part.choices)
    key = models.CharField(max_length=150)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["part", "key"], name="name_key_once")
        ]
        indexes = [
            GinIndex(fields=["key"], name="name_key_trgm", opclasses=["gin_trgm_ops"])
        ]

    def __str__(self) -> str:
        return f"{self.part}: {self.key}"
