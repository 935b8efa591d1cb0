"""Hypothesis's numbers, drawn up front, for property tests whose archive changes
from one example to the next: each example draws the same shape (a list of
numbers), whatever the archive holds by then, as Hypothesis needs, and the test
takes them in turn."""

import itertools

from hypothesis import strategies as st

NUMBERS = st.lists(st.integers(0, 2**16), min_size=48, max_size=48)


class Draws:
    def __init__(self, numbers: list[int]) -> None:
        self.numbers = itertools.cycle(numbers)

    def number(self) -> int:
        return next(self.numbers)

    def choose(self, items):
        """One of `items` (empty: "")."""
        items = list(items)
        return items[self.number() % len(items)] if items else ""
