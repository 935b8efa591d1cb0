import random
import time

from django.db import transaction

from tooling.commands import FictionalPeopleCommand
from tooling.fictional import generate
from tooling.fictional_lists import SHAPES
from tooling.fictional_lists import fictional_user
from tooling.fictional_lists import import_fictional_list
from tooling.fictional_lists import list_csv
from tooling.loading import create_demo_records
from victims.actions.linkage import link_list
from victims.models import EntryDecision
from victims.models import EntryProposal
from victims.models import LinkCandidate
from victims.models import Person


def f1(true_positives: int, predicted: int, actual: int) -> tuple[float, float, float]:
    precision = true_positives / predicted if predicted else 1.0
    recall = true_positives / actual if actual else 1.0
    total = precision + recall
    return precision, recall, (2 * precision * recall / total if total else 0.0)


class Command(FictionalPeopleCommand):
    """Precision, recall and F1 of victim-list linkage on three fictional lists over
    fictional people (written and rolled back): the automatic links, and all links
    after the thresholds (a review entry counted as its best candidate); and the
    share of entries sent to review."""

    people_default = 3000
    people_range = (100, 100_000)
    seed_default = 2022

    def add_options(self, parser) -> None:
        parser.add_argument("--coverage", type=float, default=0.4)
        parser.add_argument("--outsiders", type=float, default=0.1)

    def handle(self, *args, people: int, coverage, outsiders, seed, **options):
        rng = random.Random(seed)  # noqa: S311 (fictional data)
        everyone = [p for p in generate(int(people * 1.5), seed) if p.detention]
        archive, elsewhere = everyone[:people], everyone[people:]
        with transaction.atomic():
            create_demo_records(archive)
            user = fictional_user("linkage-evaluation")
            truth, lists = {}, []
            for number, shape in enumerate(SHAPES):
                listed = rng.sample(archive, int(len(archive) * coverage))
                listed += rng.sample(elsewhere, int(len(listed) * outsiders))
                rng.shuffle(listed)
                content = list_csv(shape, listed, rng)
                victim_list = import_fictional_list(
                    shape, content, user=user, reference=f"eval-linkage-{number}"
                )
                truth[victim_list.pk] = [str(p.uuid) for p in listed]
                lists.append(victim_list)
            started = time.monotonic()
            for victim_list in lists:
                link_list(victim_list, by=user)
            seconds = time.monotonic() - started
            self._report(lists, truth, {str(p.uuid) for p in archive}, seconds)
            transaction.set_rollback(True)

    def _report(self, lists, truth, in_archive, seconds) -> None:
        # Ids first, then one lookup of uuids: the rows were all written in this
        # transaction, which no ANALYZE has seen, and a join here ran for minutes.
        decided = dict(
            EntryDecision.objects.filter(automatic=True).values_list(
                "entry_id", "person_id"
            )
        )
        top = {}
        for entry_id, person_id in LinkCandidate.objects.order_by(
            "entry", "-probability"
        ).values_list("entry_id", "person_id"):
            top.setdefault(entry_id, person_id)
        uuids = {
            pk: str(uuid)
            for pk, uuid in Person.objects.filter(
                pk__in={*decided.values(), *top.values()}
            ).values_list("pk", "uuid")
        }
        auto = {entry: uuids[person] for entry, person in decided.items()}
        top = {entry: uuids[person] for entry, person in top.items()}
        bands = dict(EntryProposal.objects.values_list("entry_id", "band"))
        totals = self._counts()
        for victim_list in lists:
            counts = self._counts()
            rows = truth[victim_list.pk]
            for entry in victim_list.entries.order_by("row_number"):
                who = rows[entry.row_number - 1]
                band = bands.get(entry.pk)
                linked = auto.get(entry.pk) or (
                    top.get(entry.pk) if band == EntryProposal.Band.REVIEW else None
                )
                for tally in (counts, totals):
                    tally["entries"] += 1
                    tally["actual"] += who in in_archive
                    if entry.pk in auto:
                        tally["auto"] += 1
                        tally["auto_ok"] += auto[entry.pk] == who
                    if linked:
                        tally["all"] += 1
                        tally["all_ok"] += linked == who
                    tally["review"] += band == EntryProposal.Band.REVIEW
                    if band == EntryProposal.Band.NEW:
                        tally["new"] += 1
                        tally["new_ok"] += who not in in_archive
            self.stdout.write(f"{victim_list.title}:")
            self._write(counts)
        self.stdout.write(
            f"All {len(lists)} lists, {totals['entries']:,} entries "
            f"({totals['actual']:,} of the {len(in_archive):,} fictional people in "
            f"the archive), linked in {seconds:.1f} s:"
        )
        self._write(totals)

    @staticmethod
    def _counts() -> dict[str, int]:
        names = ("entries", "actual", "auto", "auto_ok", "all", "all_ok")
        return dict.fromkeys((*names, "review", "new", "new_ok"), 0)

    def _write(self, tally: dict[str, int]) -> None:
        for label, ok, predicted in (
            ("automatic links", tally["auto_ok"], tally["auto"]),
            ("all links after thresholds", tally["all_ok"], tally["all"]),
        ):
            precision, recall, score = f1(ok, predicted, tally["actual"])
            self.stdout.write(
                f"  {label:<28} precision {precision:.3f}  recall {recall:.3f}  "
                f"F1 {score:.3f}  ({predicted:,} links)"
            )
        self.stdout.write(
            f"  review queue: {tally['review']:,} entries "
            f"({tally['review'] / tally['entries']:.1%}); proposed new people: "
            f"{tally['new']:,}, of whom {tally['new_ok']:,} truly not in the archive"
        )
