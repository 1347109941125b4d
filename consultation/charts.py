"""Horizontal bar charts of the participation figures, laid out for an inline
SVG (consultation/includes/chart.html): no JavaScript, every position worked
out here so that the template only prints numbers.

Each row is the label (wrapped on several lines if long), then the bar below
it, then the value at the end of the bar. A count hidden by disclosure control
("< 5", "≥ 5") gets no bar and its value is written at the start of the row:
a bar's length would give the hidden count away.
"""

import textwrap
from dataclasses import dataclass

from django.utils.translation import gettext as _

from consultation.figures.compute import Breakdown
from consultation.figures.disclosure import THRESHOLD, Cell

# The viewBox is narrow on purpose: SVG text scales with the drawing, so a
# narrow drawing keeps the labels legible once shrunk to a phone's width.
WIDTH = 360
FONT_SIZE = 16
LINE_HEIGHT = 20
# Characters per label line: about 0.55 em a character on average, with room.
LABEL_CHARS = 34
BAR_HEIGHT = 20
LABEL_TO_BAR = 4
ROW_GAP = 16
# Room kept right of the longest bar for its value ("12 345").
VALUE_ROOM = 72
VALUE_OFFSET = 6
# From the top of a line (or of a bar) to the baseline of its text.
BASELINE = 15


@dataclass(frozen=True)
class Line:
    """One line of a label, with the y of its baseline."""

    text: str
    y: float


@dataclass(frozen=True)
class Bar:
    label: str
    shown: str  # the value as the page shows it: "1 234", "< 5", "≥ 5"
    exact: bool
    width: float  # length of the bar; 0 for a hidden count (no bar drawn)
    y: float  # top of the row
    label_lines: tuple[Line, ...]
    bar_y: float  # top of the bar
    value_x: float
    value_y: float  # baseline of the value text


@dataclass(frozen=True)
class BarChart:
    id: str  # base of the DOM ids, unique on the page
    title: str
    summary: str
    label_header: str
    value_header: str
    bars: list[Bar]
    total: Cell
    width: int
    height: int
    bar_height: int
    font_size: int
    has_hidden: bool


def bar_chart(
    breakdown: Breakdown,
    *,
    id: str,
    title: str,
    label_header: str,
    value_header: str,
) -> BarChart:
    """The chart of a breakdown, bars proportional to its largest exact count.

    Strings are translated now: build the chart while handling the request.
    """
    largest = breakdown.largest
    scale = (WIDTH - VALUE_ROOM) / largest.value if largest else 0
    bars = []
    y = 0.0
    for cell in breakdown.cells:
        bar = _bar(cell, y=y, width=cell.value * scale if cell.exact else 0)
        bars.append(bar)
        y = bar.bar_y + BAR_HEIGHT + ROW_GAP
    has_hidden = not breakdown.total.exact or any(
        not cell.exact for cell in breakdown.cells
    )
    return BarChart(
        id=id,
        title=str(title),
        summary=_summary(breakdown, has_hidden=has_hidden),
        label_header=str(label_header),
        value_header=str(value_header),
        bars=bars,
        total=breakdown.total,
        width=WIDTH,
        height=round(y - ROW_GAP) if bars else 0,
        bar_height=BAR_HEIGHT,
        font_size=FONT_SIZE,
        has_hidden=has_hidden,
    )


def _bar(cell: Cell, *, y: float, width: float) -> Bar:
    label = str(cell.label)
    texts = textwrap.wrap(label, LABEL_CHARS, break_long_words=False) or [label]
    lines = tuple(
        Line(text, y + index * LINE_HEIGHT + BASELINE)
        for index, text in enumerate(texts)
    )
    bar_y = y + len(lines) * LINE_HEIGHT + LABEL_TO_BAR
    width = round(width, 2)
    return Bar(
        label=label,
        shown=cell.shown,
        exact=cell.exact,
        width=width,
        y=y,
        label_lines=lines,
        bar_y=bar_y,
        value_x=width + VALUE_OFFSET if width else 0,
        value_y=bar_y + BASELINE,
    )


def _summary(breakdown: Breakdown, *, has_hidden: bool) -> str:
    if not breakdown.cells:
        return _("Nothing to show yet.")
    total = breakdown.total
    largest = breakdown.largest
    if largest:
        summary = _(
            "%(total_label)s: %(total)s in all; the largest: %(label)s (%(value)s)."
        ) % {
            "total_label": total.label,
            "total": total.shown,
            "label": largest.label,
            "value": largest.shown,
        }
    else:
        summary = _("%(total_label)s: %(total)s in all.") % {
            "total_label": total.label,
            "total": total.shown,
        }
    if any(not cell.exact and not cell.below_threshold for cell in breakdown.cells):
        # Secondary suppression: say why a count of 5 or more is hidden too.
        hidden = _(
            "Counts below %(threshold)d are shown as “< %(threshold)d”, and "
            "another one as “≥ %(threshold)d” so that the small one cannot be "
            "worked out from the total: nobody can be identified."
        )
    elif has_hidden:
        hidden = _(
            "Counts below %(threshold)d are shown as “< %(threshold)d” so that "
            "nobody can be identified."
        )
    else:
        return summary
    return f"{summary} {hidden % {'threshold': THRESHOLD}}"
