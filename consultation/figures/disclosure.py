"""Statistical disclosure control: no count of people below 5 is shown.

A count from 1 to 4 is shown as "< 5". When a breakdown hides exactly one
count, its total would give it away (total minus the others), so the next
smallest count is hidden too, as "≥ 5" (secondary suppression, as the
national statistics institute does). Totals below 5 are shown as "< 5".
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

THRESHOLD = 5


@dataclass(frozen=True)
class Cell:
    """One count as the page shows it."""

    label: str
    value: int
    # False when the page shows a bound ("< 5", "≥ 5") instead of the value.
    exact: bool = True
    below_threshold: bool = False

    @property
    def shown(self) -> str:
        if self.exact:
            return number_format(self.value, force_grouping=True)
        if self.below_threshold:
            return str(_("< %(threshold)d") % {"threshold": THRESHOLD})
        return str(_("≥ %(threshold)d") % {"threshold": THRESHOLD})


def _is_small(value: int) -> bool:
    return 0 < value < THRESHOLD


def protected_cell(label: str, value: int) -> Cell:
    """A single count of people: "< 5" below the threshold."""
    if _is_small(value):
        return Cell(label, value, exact=False, below_threshold=True)
    return Cell(label, value)


def protected_breakdown(
    counts: Iterable[tuple[str, int]], *, total_label: str
) -> tuple[list[Cell], Cell]:
    """The cells of a breakdown of people and its total, small counts hidden
    so that none can be worked out from the others."""
    counts = list(counts)
    small = [index for index, (_label, value) in enumerate(counts) if _is_small(value)]
    secondary = None
    if len(small) == 1:
        others = [
            (value, index)
            for index, (_label, value) in enumerate(counts)
            if value and index != small[0]
        ]
        if others:
            secondary = min(others)[1]
    cells = []
    for index, (label, value) in enumerate(counts):
        if index in small:
            cells.append(Cell(label, value, exact=False, below_threshold=True))
        elif index == secondary:
            cells.append(Cell(label, value, exact=False))
        else:
            cells.append(Cell(label, value))
    total = protected_cell(total_label, sum(value for _label, value in counts))
    return cells, total


def plain_breakdown(
    counts: Iterable[tuple[str, int]], *, total_label: str
) -> tuple[list[Cell], Cell]:
    """A breakdown of things, not people (events, workshops): all shown."""
    cells = [Cell(label, value) for label, value in counts]
    return cells, Cell(total_label, sum(cell.value for cell in cells))
