"""Fast writes for large generated data sets (`seed_demo`, the benchmarks): no
insert history for generated rows (ids are reserved by archive.bulk.allocate_ids)."""

import pgtrigger

from victims import happenings


def without_history():
    """Fictional rows are generated, not facts: skip their insert-history triggers."""
    return pgtrigger.ignore(
        "victims.Person:insert_insert",
        "victims.NameVariant:insert_insert",
        "sources.Citation:insert_insert",
        *(f"{kind.model._meta.label}:insert_insert" for kind in happenings.kinds()),
    )
