"""Who may widen who reads what: the write side of archive.visibility, stated once.

Every staff write (the workspace's pages, inlines and actions, list decisions,
merges, imports) runs inside `refuse_widening`. Inside the write's transaction it
asks, before and after the change, what each audience below staff (the public;
partners) can read of every row the write touches, and of every row whose
readability follows from those (a person's spellings, events and citations; a
source's citations and the spellings seen in it; a list's rows). If an audience
would read anything it could not read before, the write is undone and refused,
unless the writer is a moderator, with a message that says what would have become
readable. Anyone may narrow; editing what an audience already reads is not
widening.

The questions are the read side's own: each app registers, for its models, what an
audience reads of given rows (`readable`, built on the querysets that pages and the
API start from) and which rows follow from them (`followers`), so that this module
imports no app.
"""

from collections import defaultdict
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import Record
from .visibility import Visibility
from .visibility import levels_up_to

PUBLISH_PERMISSION = "victims.publish_records"
AUDIENCES = (Visibility.PUBLIC, Visibility.PARTNERS)
AUDIENCE_NAMES = {
    Visibility.PUBLIC: _("The public"),
    Visibility.PARTNERS: _("Partners"),
}
# Most rows listed in a refusal; the rest are counted.
LISTED = 6

Rows = dict[type[Model], set[int]]
# (model label, primary key, what of the row is read: "record", "details", ...)
Item = tuple[str, int, str]
Readable = Callable[[type[Model], list[int], Visibility], Iterable[tuple[int, str]]]
Followers = Callable[[type[Model], list[int]], Iterable[tuple[type[Model], Iterable]]]

_readable: dict[type[Model], list[Readable]] = defaultdict(list)
_followers: dict[type[Model], list[Followers]] = defaultdict(list)

MAY_NOT_WIDEN = _(
    "Only moderators may widen who sees this: publishing, sharing with partners, "
    "showing details or a fuller name is a moderator's decision. You may narrow it."
)
ALSO_WIDENING = _(
    "So is a record moved to another person, a changed source, or a new citation, "
    "spelling or link to a list, where that lets more people read."
)
WHAT = {
    "record": _("the record"),
    "details": _("its sensitive details"),
    "name": _("the real name"),
    "initials": _("the initials"),
    "spelling": _("a spelling of the name"),
    "citation": _("the source cited, and where in it"),
    "membership": _("that the person is on the list"),
    "defendant": _("a defendant in the case"),
    "hearing": _("a hearing of the case"),
}


def register(
    model: type[Model],
    *,
    readable: Readable | None = None,
    followers: Followers | None = None,
) -> None:
    """Declare, for `model` and its subclasses, what an audience reads of its rows
    (`readable(model, pks, clearance)` yields (pk, one of WHAT's keys)) and which
    rows' readability follows from them (`followers(model, pks)` yields (model,
    pks or a queryset of pks))."""
    if readable is not None:
        _readable[model].append(readable)
    if followers is not None:
        _followers[model].append(followers)


def _of(table: dict, model: type[Model]) -> list:
    return [each for base in model.__mro__ for each in table.get(base, [])]


def with_followers(rows: Rows) -> Rows:
    """`rows` and every row whose readability follows from them, transitively."""
    found: Rows = defaultdict(set)
    pending = [(model, set(pks)) for model, pks in rows.items()]
    while pending:
        model, pks = pending.pop()
        new = pks - found[model]
        if not new:
            continue
        found[model] |= new
        for followers in _of(_followers, model):
            for follower, keys in followers(model, sorted(new)):
                pending.append((follower._meta.concrete_model, set(keys)))
    return found


def readable_by(rows: Rows, clearance: Visibility) -> set[Item]:
    """What `clearance` reads of `rows`, item by item."""
    items = set()
    for model, pks in rows.items():
        if not pks:
            continue
        label = model._meta.label
        for readable in _of(_readable, model):
            items.update(
                (label, pk, what)
                for pk, what in readable(model, sorted(pks), clearance)
            )
    return items


def read_by_audiences(rows: Rows) -> dict[Visibility, set[Item]]:
    return {audience: readable_by(rows, audience) for audience in AUDIENCES}


class WideningRefused(ValidationError):
    """A write that would let an audience below staff read more, by a writer who
    may not decide that. Its message says what would have become readable."""

    def __init__(self, gained: dict[Visibility, set[Item]]) -> None:
        self.gained = gained
        parts, said = [], set()
        for audience, items in gained.items():
            items = sorted(items - said)  # partners read what the public reads
            said.update(items)
            if not items:
                continue
            named = [_describe(item) for item in items[:LISTED]]
            if len(items) > LISTED:
                named.append(_("and %(count)d more") % {"count": len(items) - LISTED})
            parts.append(
                _("%(audience)s would read: %(what)s.")
                % {"audience": AUDIENCE_NAMES[audience], "what": "; ".join(named)}
            )
        super().__init__(
            " ".join([str(MAY_NOT_WIDEN), str(ALSO_WIDENING), *parts]),
            code="widening",
        )


def _describe(item: Item) -> str:
    label, pk, what = item
    model = apps.get_model(label)
    row = model._base_manager.filter(pk=pk).first()
    name = row.label_for(Visibility.STAFF) if isinstance(row, Record) else str(row)
    return f"{capfirst(model._meta.verbose_name)} “{name}”: {WHAT.get(what, what)}"


class Watch:
    """The rows a write touches: those it was given, and any it adds as it goes,
    as instances (new ones count once saved) or querysets (read when asked)."""

    def __init__(self, records: "Iterable[Model] | QuerySet") -> None:
        self.records = [records] if isinstance(records, QuerySet) else list(records)

    def add(self, *records: "Model | QuerySet") -> None:
        self.records.extend(records)

    def rows(self) -> Rows:
        rows: Rows = defaultdict(set)
        for record in self.records:
            if isinstance(record, QuerySet):
                keys = record.values_list("pk", flat=True)
                rows[record.model._meta.concrete_model].update(keys)
            elif record is not None and record.pk is not None:
                rows[record._meta.concrete_model].add(record.pk)
        return rows


def may_widen(user) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


@contextmanager
def refuse_widening(
    *, by, records: "Iterable[Model] | QuerySet" = ()
) -> Iterator[Watch]:
    """Run the write in the block, as one transaction (a savepoint inside one),
    and undo and refuse it (WideningRefused) if it
    lets an audience below staff read anything it could not, unless `by` may
    widen. `records` are the rows the write changes or makes; the block adds any
    it makes that are not known beforehand (`watch.add`)."""
    watch = Watch(records)
    with transaction.atomic():  # all of the write or none, whoever writes
        if may_widen(by):
            yield watch
            return
        before = with_followers(watch.rows())
        read_before = read_by_audiences(before)
        yield watch
        rows = with_followers(watch.rows())
        for model, pks in before.items():
            rows[model] |= pks
        read_after = read_by_audiences(rows)
        gained = {
            audience: read_after[audience] - read_before[audience]
            for audience in AUDIENCES
        }
        if any(gained.values()):
            raise WideningRefused(gained)


def record_rows(
    model: type[Record], pks: list[int], clearance: Visibility
) -> Iterator[tuple[int, str]]:
    """A record: itself as `visible_at` says, its details as its level says."""
    visible = model.objects.visible_at(clearance).filter(pk__in=pks)
    for pk in visible.values_list("pk", flat=True):
        yield pk, "record"
    if any(field.name == "details_visibility" for field in model._meta.fields):
        detailed = visible.filter(details_visibility__in=levels_up_to(clearance))
        for pk in detailed.values_list("pk", flat=True):
            yield pk, "details"


register(Record, readable=record_rows)
