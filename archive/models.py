"""The shape every fact-bearing record shares (public id, visibility, retraction),
and the partner API tokens that decide what a partner reads."""

import hashlib
import hmac
import uuid

import pghistory
import pgtrigger
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from pghistory.models import Events

from .visibility import NAMED_IN_FULL
from .visibility import Visibility
from .visibility import clearance_of
from .visibility import levels_up_to
from .visibility import may_read
from .visibility import name_shown


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class RecordQuerySet(models.QuerySet):
    def current(self) -> "RecordQuerySet":
        """Not retracted. Retracted records stay in the database and in history."""
        return self.filter(retracted_at__isnull=True)

    def readable_at(self, clearance: Visibility) -> "RecordQuerySet":
        """Records whose own visibility `clearance` may read (`Record.readable_at`
        for a queryset): what they are about is not looked at, so only for callers
        that hold readable owners already; everyone else uses `visible_at`."""
        return self.current().filter(visibility__in=levels_up_to(clearance))

    def visible_at(self, clearance: Visibility) -> "RecordQuerySet":
        """Records `clearance` may read; what happened to a person also needs the
        person to be readable (a staff-only person's death is not public)."""
        levels = levels_up_to(clearance)
        visible = self.readable_at(clearance)
        if owner := self.model.OWNER:
            visible = visible.filter(
                **{f"{owner}__visibility__in": levels, f"{owner}__retracted_at": None}
            )
        return visible

    def visible_to(self, user) -> "RecordQuerySet":
        """What `user` may read: every public page and list starts here."""
        return self.visible_at(clearance_of(user))

    def published(self) -> "RecordQuerySet":
        return self.visible_at(Visibility.PUBLIC)

    def names_withheld_at(self, clearance: Visibility) -> "RecordQuerySet":
        """Records about a person whose real name `clearance` may not read
        (`Record.names_withheld_at` for a queryset)."""
        lookup = self.model.naming_lookup()
        if lookup is None or name_shown(clearance, consented=False):
            return self.none()
        return self.exclude(**{lookup: NAMED_IN_FULL})


def never_emptied() -> pgtrigger.Trigger:
    """The database refuses TRUNCATE of a table of facts or history: TRUNCATE fires
    no DELETE trigger, so every table that refuses DELETE refuses this too. Only a
    test database is ever emptied (archive's own `flush` command says how)."""
    return pgtrigger.Trigger(
        name="never_emptied",
        when=pgtrigger.Before,
        operation=pgtrigger.Truncate,
        level=pgtrigger.Statement,
        func="RAISE EXCEPTION 'pgtrigger: Cannot truncate % table', TG_TABLE_NAME;",
    )


def never_deleted() -> list[pgtrigger.Trigger]:
    """The database refuses DELETE (raw SQL included) and TRUNCATE on a record's
    table: records are retracted, rows of their pages removed (`Removable`), each
    with its reason, never deleted. The application's database role lacks DELETE
    on these tables too (archive.grants)."""
    return [
        pgtrigger.Protect(name="records_are_never_deleted", operation=pgtrigger.Delete),
        never_emptied(),
    ]


def append_only(name: str) -> list[pgtrigger.Trigger]:
    """A log whose rows are never changed, deleted or emptied (decisions, releases)."""
    return [
        pgtrigger.Protect(name=name, operation=pgtrigger.Update | pgtrigger.Delete),
        never_emptied(),
    ]


def tracked(**options):
    """`pghistory.track`, with history that cannot be emptied: its event table is
    append-only (PGHISTORY_APPEND_ONLY) and refuses TRUNCATE too."""
    return pghistory.track(meta={"triggers": [never_emptied()]}, **options)


class RemovableQuerySet(models.QuerySet):
    def remove(self, *, by, reason: str) -> int:
        """Take these rows back: they stay in their table and its history, marked
        removed with who and why, and no reader sees them again. Returns how many."""
        return self.update(
            removed_at=timezone.now(), removed_by=by, removal_reason=reason[:500]
        )


class InForce(models.Manager):
    """Rows not removed: the default manager of every `Removable`, so that pages,
    the API, the admin and releases never show or count a removed row."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(removed_at__isnull=True)


class Removable(models.Model):
    """A row shown on a record's page (a citation, a spelling, a defendant, a
    hearing) that a moderator can take back. It is never deleted (list
    `never_deleted()` in Meta.triggers): it is marked removed, with who and why.
    `including_removed` reads every row (erasure, history)."""

    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )
    removal_reason = models.CharField(_("why removed"), max_length=500, blank=True)

    # A subclass with a queryset of its own declares both managers over it.
    objects = InForce.from_queryset(RemovableQuerySet)()
    including_removed = models.Manager.from_queryset(RemovableQuerySet)()

    class Meta:
        abstract = True


def fresh_record(*readers_follow: str) -> list[pgtrigger.Trigger]:
    """What partners sync is complete: a record's `updated_at` moves with any
    change to it, however it is written (QuerySet.update and raw SQL too), and a
    change of who may read it (`readers_follow`: its visibility, retraction, a
    person's naming) moves that of every record that refers to it and shows it
    only as far as it is readable (a death its person, a detention its case).

    A record written earlier in the same transaction (updated_at from its start,
    `now()`, on) is not written again: a bulk load touches none of the people it
    has just made, and no history event is recorded for it."""
    columns = readers_follow or ("visibility", "retracted_at")
    return [
        pgtrigger.Trigger(
            name="changes_move_updated_at",
            when=pgtrigger.Before,
            operation=pgtrigger.Update,
            condition=pgtrigger.Condition(
                'OLD.* IS DISTINCT FROM NEW.* AND OLD."updated_at" IS NOT DISTINCT'
                ' FROM NEW."updated_at"'
            ),
            func="NEW.updated_at := clock_timestamp(); RETURN NEW;",
        ),
        pgtrigger.Trigger(
            name="referrers_follow_readers",
            when=pgtrigger.After,
            operation=pgtrigger.Update,
            condition=pgtrigger.AnyChange(*columns),
            func="PERFORM archive_touch_referrers(TG_RELID, NEW.id); RETURN NULL;",
        ),
    ]


def shown_in(
    name: str, table: str, column: str, *, when: tuple[str, ...] = ()
) -> pgtrigger.Trigger:
    """A row shown inside another record's representation (a spelling in its
    person, a defendant in its case, a death in its person's list): writing it
    moves `updated_at` of that record, old and new (`column` names it in `table`).
    `when`: on an update, only when one of these columns changes."""
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in when)
    touch = (
        f"UPDATE {table} SET updated_at = clock_timestamp()"  # noqa: S608 (model metadata)
        f" WHERE id IN (NEW.{column}, OLD.{column}) AND updated_at < now();"
    )
    if changed:
        touch = f"IF TG_OP <> 'UPDATE' OR {changed} THEN {touch} END IF;"
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.After,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        func=f"{touch} RETURN NULL;",
    )


class Record(models.Model):
    """Abstract base of every record that states facts and must cite its sources.

    `SENSITIVE_FIELDS` names fields shown only to viewers cleared for the record's
    `details_visibility` (subclasses that list any define that field).
    """

    SENSITIVE_FIELDS: tuple[str, ...] = ()
    REQUIRES_CITATION = True
    OWNER: str | None = None  # the field naming the person this record is about

    uuid = models.UUIDField(
        _("public id"), default=uuid.uuid4, unique=True, editable=False
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.STAFF,
        help_text=_(
            "Who may see this record. Public records need at least one citation."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    retracted_at = models.DateTimeField(
        _("retracted"), null=True, blank=True, editable=False
    )
    retraction_reason = models.TextField(
        _("reason for retraction"), blank=True, editable=False
    )
    citations = GenericRelation("sources.Citation")

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True
        # The API pages every record list by (updated_at, id) (archive.paging): a
        # page reads 51 index entries instead of sorting every row that shares a
        # timestamp (40 ms a page of people at 100,000, #18). Subclasses keep it by
        # deriving their Meta from this one.
        indexes = [models.Index(fields=["updated_at", "id"], name="%(class)s_sync")]

    @property
    def is_retracted(self) -> bool:
        return self.retracted_at is not None

    @property
    def about(self):
        """The person this record is about (`OWNER`), if any."""
        return getattr(self, self.OWNER) if self.OWNER else None

    def label_for(self, clearance: Visibility) -> str:
        """How a page names this record for a viewer, never with a withheld name."""
        if self.OWNER:
            return (
                f"{capfirst(self._meta.verbose_name)}: {self.about.name_for(clearance)}"
            )
        return str(self)

    def readable_at(self, clearance: Visibility) -> bool:
        """May `clearance` read this record itself (the rule of `visible_at`, for
        one loaded record; what it is about is not looked at)?"""
        return self.retracted_at is None and may_read(clearance, self.visibility)

    @classmethod
    def naming_lookup(cls) -> str | None:
        """The lookup from this kind of record to the `naming` of the person it
        is about, if it is about one."""
        return f"{cls.OWNER}__naming" if cls.OWNER else None

    def names_withheld_at(self, clearance: Visibility) -> bool:
        """Is this record about a person whose real name `clearance` may not read?
        Then nothing that locates the person in a document or a list (a citation's
        source, locator or note; a list row) is shown to `clearance` either."""
        if not self.OWNER:
            return False
        return getattr(self, self.OWNER).names_withheld_at(clearance)

    def details_visible_at(self, clearance: Visibility) -> bool:
        level = getattr(self, "details_visibility", Visibility.PUBLIC)
        return may_read(clearance, level)


def record_models_about_people() -> list[type[Record]]:
    """Every concrete record model whose records are about one person (people
    themselves included): what a withheld name also withholds."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Record) and model.naming_lookup() is not None
    ]


def answer_field(label) -> models.CharField:
    """A yes / no / unknown fact, unknown until someone says."""
    return models.CharField(
        label, max_length=8, choices=Answer.choices, default=Answer.UNKNOWN
    )


def details_visibility_field() -> models.CharField:
    return models.CharField(
        _("visibility of sensitive details"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.STAFF,
    )


class Scope(models.TextChoices):
    """What a partner token may do."""

    READ_PUBLIC = "read:public", _("Read public records")
    READ_PARTNERS = "read:partners", _("Read records shared with partners")
    SUBMIT = "submit", _("Send submissions")


TOKEN_PREFIX = "qa"  # noqa: S105 (a label, not a secret)


def hash_secret(secret: str) -> str:
    """SHA-256 of a token secret. Secrets are 256 random bits, so a fast hash is
    enough: there is nothing to guess by brute force."""
    return hashlib.sha256(secret.encode()).hexdigest()


class PartnerTokenQuerySet(models.QuerySet):
    def active(self) -> "PartnerTokenQuerySet":
        """Neither revoked nor past its expiry."""
        unexpired = models.Q(expires_at__isnull=True) | models.Q(
            expires_at__gt=timezone.now()
        )
        return self.filter(unexpired, revoked_at__isnull=True)

    def matching(self, secret: str) -> "PartnerToken | None":
        """The active token whose secret this is (`qa_<prefix>_<random>`), if any."""
        label, _, rest = secret.partition("_")
        prefix, _, random = rest.partition("_")
        if label != TOKEN_PREFIX or not prefix or not random:
            return None
        token = self.active().select_related("organisation").filter(prefix=prefix)
        token = token.first()
        if token and hmac.compare_digest(token.secret_hash, hash_secret(secret)):
            return token
        return None


@tracked(exclude=["last_used_at"])
class PartnerToken(models.Model):
    """An API token of a partner organisation. Only a hash of the secret is kept: the
    secret is shown once, when an administrator issues the token (archive.actions)."""

    organisation = models.ForeignKey(
        "sources.Organisation",
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name=_("organisation"),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("What the token is for, e.g. 'nightly sync of the data desk'."),
    )
    scopes = ArrayField(
        models.CharField(max_length=20, choices=Scope.choices),
        verbose_name=_("scopes"),
    )
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, editable=False)
    expires_at = models.DateTimeField(
        _("expires"),
        null=True,
        blank=True,
        help_text=_("After this moment the token no longer works. Empty: never."),
    )

    objects = PartnerTokenQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("partner API token")
        verbose_name_plural = _("partner API tokens")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.name} ({self.prefix}…)"

    @property
    def clearance(self) -> Visibility:
        if Scope.READ_PARTNERS in self.scopes:
            return Visibility.PARTNERS
        return Visibility.PUBLIC

    def has_scope(self, scope: Scope) -> bool:
        return scope in self.scopes


class TokenUse(models.Model):
    """One API request made with a partner token: which, where, its answer and
    when. Kept PARTNER_TOKEN_LOG_DAYS days (archive.tasks purges older ones)."""

    token = models.ForeignKey(
        PartnerToken,
        on_delete=models.PROTECT,
        related_name="uses",
        verbose_name=_("token"),
    )
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    method = models.CharField(_("method"), max_length=8)
    endpoint = models.CharField(_("endpoint"), max_length=300)
    status = models.PositiveSmallIntegerField(_("status"))

    class Meta:
        ordering = ["-at"]
        verbose_name = _("partner token use")
        verbose_name_plural = _("partner token uses")
        indexes = [models.Index(fields=["token", "-at"], name="token_use_by_token")]

    def __str__(self) -> str:
        return f"{self.token.prefix} {self.method} {self.endpoint} {self.status}"


class HistoryEvent(Events):
    """Every record's history in one list, with who and why from the history
    context (settings.PGHISTORY_ADMIN_MODEL; archive.history.HistoryAdmin)."""

    user = pghistory.ProxyField(
        "pgh_context__user",
        models.ForeignKey(
            settings.AUTH_USER_MODEL,
            on_delete=models.DO_NOTHING,
            null=True,
            related_name="+",
            verbose_name=_("who"),
        ),
    )
    reason = pghistory.ProxyField(
        "pgh_context__reason", models.TextField(_("reason"), null=True)
    )

    class Meta:
        proxy = True
        verbose_name = _("change")
        verbose_name_plural = _("history of every record")
