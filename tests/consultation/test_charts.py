"""The bar charts of the results page: consultation.charts and its template.

Each chart is rendered with consultation/includes/chart.html, then the SVG is
parsed as XML and the data table with html.parser: the tests read what a
browser (or a screen reader) gets, not the chart object. New strings are not
translated yet, so the tests check structure and numbers, not wording.
"""

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from consultation.charts import LABEL_CHARS, VALUE_ROOM, WIDTH, bar_chart
from consultation.figures.compute import Breakdown
from consultation.figures.disclosure import Cell, plain_breakdown, protected_breakdown

SVG = "{http://www.w3.org/2000/svg}"
LONGEST_BAR = WIDTH - VALUE_ROOM


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def chart_of(counts, *, protected=True, total_label="Participants", id="chart-test"):
    make = protected_breakdown if protected else plain_breakdown
    return bar_chart(
        Breakdown(*make(counts, total_label=total_label)),
        id=id,
        title="Participants par territoire",
        label_header="Territoire",
        value_header="Personnes",
    )


def render(chart) -> str:
    return render_to_string("consultation/includes/chart.html", {"chart": chart})


def parse_svg(html: str) -> ET.Element:
    """The one inline SVG of the page, parsed as XML (fails if not well formed)."""
    found = re.findall(r"<svg\b.*?</svg>", html, flags=re.DOTALL)
    assert len(found) == 1, f"expected one <svg>, found {len(found)}"
    return ET.fromstring(found[0])


def svg_rows(svg: ET.Element) -> list[dict]:
    """Each row of the drawing: its label, its bar (or None), its value text."""
    rows = []
    for group in svg.iter(f"{SVG}g"):
        labels = [
            text.text
            for text in group.iter(f"{SVG}text")
            if "chart__label" in text.get("class")
        ]
        values = [
            text
            for text in group.iter(f"{SVG}text")
            if "chart__value" in text.get("class")
        ]
        rects = list(group.iter(f"{SVG}rect"))
        assert len(values) == 1 and len(rects) <= 1
        rows.append(
            {
                "label": " ".join(labels),
                "rect": rects[0] if rects else None,
                "value": values[0].text,
                "value_x": float(values[0].get("x")),
            }
        )
    return rows


class PageParser(HTMLParser):
    """The figure as HTML: its table rows by section, every text node, the
    elements by id."""

    def __init__(self):
        super().__init__()
        self.sections = {"thead": [], "tbody": [], "tfoot": []}
        self.caption = None
        self.texts = []
        self.ids = {}
        self.tags = []
        self._section = self._cell = self._row = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids[attrs["id"]] = tag
        if tag in self.sections:
            self._section = tag
        elif tag == "tr":
            self._row = []
            self.sections[self._section].append(self._row)
        elif tag in ("th", "td"):
            self._cell = [tag, attrs.get("scope"), ""]
            self._row.append(self._cell)
        elif tag == "caption":
            self._in_caption = True
            self.caption = ""

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self._cell[2] = self._cell[2].strip()
            self._cell = None
        elif tag == "caption":
            self._in_caption = False

    def handle_data(self, data):
        if data.strip():
            self.texts.append(data.strip())
        if self._cell is not None:
            self._cell[2] += data
        if self._in_caption:
            self.caption += data.strip()

    def rows(self, section):
        return [tuple(tuple(cell) for cell in row) for row in self.sections[section]]


def parse_page(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser


def assert_proportional(pairs, *, longest=LONGEST_BAR, tolerance=0.01):
    """Bars (value, drawn width) proportional to the values, the largest
    drawn at full length."""
    largest = max(value for value, _width in pairs)
    for value, width in pairs:
        expected = longest * value / largest
        assert abs(width - expected) <= tolerance, (
            f"bar of {value} is {width} long, expected {expected:.2f}"
        )


def numbers_in(texts) -> set[int]:
    """Every number written in the texts ("1 234" counts as 1234)."""
    joined = "\n".join(texts)
    joined = re.sub(r"(?<=\d)[\s\u00a0\u202f](?=\d{3}\b)", "", joined)
    return {int(number) for number in re.findall(r"\d+", joined)}


# The SVG --------------------------------------------------------------------


def test_the_svg_is_an_image_named_by_its_title_and_description():
    chart = chart_of([("Loiret", 420), ("Cher", 35)])
    svg = parse_svg(render(chart))

    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    assert svg.get("focusable") == "false"
    assert svg.get("width") == "100%"
    assert svg.get("viewBox") == f"0 0 {chart.width} {chart.height}"
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert title.text == "Participants par territoire" == chart.title
    assert desc.text == chart.summary
    assert svg.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    # First children, so that every user agent finds them.
    assert list(svg)[:2] == [title, desc]


def test_one_bar_per_exact_count_proportional_to_the_values():
    chart = chart_of(
        [("Ateliers", 10), ("Réunions", 40), ("Visites", 25), ("Débats", 0)],
        protected=False,
    )
    rows = svg_rows(parse_svg(render(chart)))

    assert [row["label"] for row in rows] == [
        "Ateliers",
        "Réunions",
        "Visites",
        "Débats",
    ]
    assert [row["value"] for row in rows] == ["10", "40", "25", "0"]
    # No bar for a count of zero.
    assert rows[3]["rect"] is None
    drawn = [
        (value, float(row["rect"].get("width")))
        for value, row in zip((10, 40, 25), rows[:3], strict=True)
    ]
    assert_proportional(drawn)
    assert float(rows[1]["rect"].get("width")) == LONGEST_BAR
    for row in rows[:3]:
        rect = row["rect"]
        assert float(rect.get("x")) == 0
        assert float(rect.get("height")) > 0
        # The value is written just after the end of its bar.
        assert row["value_x"] > float(rect.get("width"))
        assert rect.get("fill") == "#0b4f6c"


def test_a_wrong_proportion_is_caught():
    assert_proportional([(10, 100.0), (40, 400.0)], longest=400)
    with pytest.raises(AssertionError):
        assert_proportional([(10, 120.0), (40, 400.0)], longest=400)
    with pytest.raises(AssertionError):
        # Proportional, but the largest is not drawn at full length.
        assert_proportional([(10, 50.0), (40, 200.0)], longest=400)


def test_positions_are_not_localised():
    """French writes 136,14: a decimal comma in an SVG length breaks it."""
    chart = chart_of([("Loiret", 420), ("Big", 1234)])
    html = render(chart)
    rect = parse_svg(html).find(f".//{SVG}rect")

    width = rect.get("width")
    assert re.fullmatch(r"\d+\.\d+", width), width
    assert float(width) == pytest.approx(420 / 1234 * LONGEST_BAR, abs=0.01)
    assert not re.search(r'(?:x|y|width|height)="[\d.]*,', html)


def test_rows_do_not_overlap_and_fit_the_drawing():
    long_label = (
        "Collectivité territoriale, établissement public ou groupement de communes"
    )
    chart = chart_of([(long_label, 50), ("Cher", 3), ("Loiret", 120), ("Eure", 8)])
    svg = parse_svg(render(chart))
    rows = svg_rows(svg)

    wrapped = chart.bars[0].label_lines
    assert len(wrapped) > 1
    assert all(len(line.text) <= LABEL_CHARS for line in wrapped)
    assert rows[0]["label"] == long_label
    bottom = 0.0
    for bar in chart.bars:
        assert bar.y >= bottom
        assert bar.y < bar.label_lines[0].y < bar.bar_y
        assert bar.bar_y > bar.label_lines[-1].y
        bottom = bar.bar_y + chart.bar_height
    assert bottom <= chart.height
    # Room is left for the value after the longest bar.
    assert all(bar.width <= LONGEST_BAR for bar in chart.bars)
    assert max(bar.value_x for bar in chart.bars) <= chart.width - VALUE_ROOM / 2


def test_labels_are_escaped():
    label = 'Loiret & <script>alert("x")</script>'
    chart = chart_of([(label, 12)])
    html = render(chart)
    svg = parse_svg(html)

    assert "<script>" not in html
    assert svg_rows(svg)[0]["label"] == label
    assert parse_page(html).rows("tbody")[0][0][2] == label


# Hidden counts ---------------------------------------------------------------


def test_hidden_counts_get_no_bar_and_never_appear():
    # Cher (3) is below 5; Indre (7), the next smallest, is hidden too.
    chart = chart_of([("Loiret", 120), ("Cher", 3), ("Indre", 7), ("Eure", 45)])
    html = render(chart)
    rows = {row["label"]: row for row in svg_rows(parse_svg(html))}

    assert rows["Cher"]["rect"] is None
    assert rows["Cher"]["value"] == "< 5"
    assert rows["Indre"]["rect"] is None
    assert rows["Indre"]["value"] == "≥ 5"
    assert rows["Cher"]["value_x"] == rows["Indre"]["value_x"] == 0
    assert_proportional(
        [
            (120, float(rows["Loiret"]["rect"].get("width"))),
            (45, float(rows["Eure"]["rect"].get("width"))),
        ]
    )
    assert [bar.width for bar in chart.bars] == [
        LONGEST_BAR,
        0,
        0,
        LONGEST_BAR * 45 / 120,
    ]
    page = parse_page(html)
    written = numbers_in(page.texts)
    assert {120, 45, 175} <= written
    assert not {3, 7} & written
    assert chart.has_hidden
    assert "< 5" in chart.summary


def test_a_hidden_total_is_not_given_away():
    chart = chart_of([("Loiret", 2), ("Cher", 1)])
    html = render(chart)
    rows = svg_rows(parse_svg(html))

    assert [row["rect"] for row in rows] == [None, None]
    assert [row["value"] for row in rows] == ["< 5", "< 5"]
    assert chart.total.shown == "< 5"
    page = parse_page(html)
    assert page.rows("tfoot") == [(("th", "row", "Participants"), ("td", None, "< 5"))]
    assert numbers_in(page.texts) == {5}


def test_the_leak_check_would_catch_a_hidden_value():
    assert 7 in numbers_in(["Indre", "7"])
    assert 1234 in numbers_in(["1\u202f234"])


# The data table --------------------------------------------------------------


def test_the_table_has_the_same_rows_as_the_chart_and_the_total():
    chart = chart_of([("Loiret", 1234), ("Cher", 3), ("Indre", 7), ("Eure", 45)])
    page = parse_page(render(chart))

    assert page.caption == chart.title
    assert page.rows("thead") == [
        (("th", "col", "Territoire"), ("th", "col", "Personnes"))
    ]
    assert page.rows("tbody") == [
        (("th", "row", bar.label), ("td", None, bar.shown)) for bar in chart.bars
    ]
    assert [bar.label for bar in chart.bars] == ["Loiret", "Cher", "Indre", "Eure"]
    assert [bar.shown for bar in chart.bars] == ["1\u00a0234", "< 5", "≥ 5", "45"]
    assert page.rows("tfoot") == [
        (("th", "row", "Participants"), ("td", None, "1\u00a0289"))
    ]


def test_the_figure_is_named_by_its_heading():
    chart = chart_of([("Loiret", 42)], id="chart-participants-by-territory")
    page = parse_page(render(chart))

    figure = next(attrs for tag, attrs in page.tags if tag == "figure")
    assert page.ids[figure["aria-labelledby"]] == "h3"
    assert page.ids["chart-participants-by-territory-summary"] == "p"
    assert len(page.ids) == len(set(page.ids)) == 4  # h3, p, title, desc
    assert any(tag == "details" for tag, _attrs in page.tags)
    assert any(tag == "summary" for tag, _attrs in page.tags)


def test_two_charts_have_distinct_ids():
    first = parse_page(render(chart_of([("Loiret", 42)], id="chart-a")))
    second = parse_page(render(chart_of([("Loiret", 42)], id="chart-b")))

    assert not set(first.ids) & set(second.ids)


# Summary and empty chart -----------------------------------------------------


def test_the_summary_gives_the_total_and_the_largest():
    chart = chart_of([("Loiret", 420), ("Cher", 35)])

    assert "455" in chart.summary
    assert "Loiret (420)" in chart.summary
    assert "Participants" in chart.summary
    assert not chart.has_hidden
    assert "< 5" not in chart.summary


def test_an_empty_breakdown_shows_its_summary_only():
    chart = bar_chart(
        Breakdown([], Cell("Participants", 0)),
        id="chart-empty",
        title="Participants par territoire",
        label_header="Territoire",
        value_header="Personnes",
    )
    html = render(chart)
    page = parse_page(html)

    assert chart.bars == []
    assert chart.summary
    assert "<svg" not in html
    assert "<table" not in html
    assert page.texts == [chart.title, chart.summary]
