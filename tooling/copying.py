"""Fast writes for large generated data sets (`seed_demo`, the benchmarks): no
insert history for generated rows (ids are reserved by archive.bulk.allocate_ids)."""

import pgtrigger


def without_history():
    """Fictional rows are generated, not facts: skip their insert-history triggers."""
    return pgtrigger.ignore(
        "victims.Person:insert_insert",
        "victims.NameVariant:insert_insert",
        "victims.Death:insert_insert",
        "victims.Detention:insert_insert",
        "victims.Injury:insert_insert",
        "sources.Citation:insert_insert",
        "allegations.TortureAllegation:insert_insert",
    )
