"""Read the figures a results page shows."""

from dataclasses import dataclass

from tests.pages import soup, text_of

KEY_FIGURES = ("events", "participants", "registered", "present", "organisations")


def key_figures(response) -> dict[str, str]:
    """Key figure (events, participants, registered, present, organisations)
    → the value shown."""
    page = soup(response)
    figures = {}
    for name in KEY_FIGURES:
        item = page.select_one(f".key-figure--{name} .key-figure__value")
        if item is not None:
            figures[name] = text_of(item)
    return figures


@dataclass(frozen=True)
class ChartData:
    title: str
    rows: dict[str, str]  # label → value shown, in the table's order
    total: str


def chart_data(response, chart_id: str) -> ChartData:
    """The data table of the chart ``chart_id`` (e.g.
    "chart-participants-by-type")."""
    title = soup(response).find(id=f"{chart_id}-title")
    assert title is not None, f"no chart {chart_id}"
    figure = title.find_parent("figure")
    table = figure.find("table")
    rows = {
        text_of(row.find("th")): text_of(row.find("td"))
        for row in table.find("tbody").find_all("tr")
    }
    total = text_of(table.find("tfoot").find("td"))
    return ChartData(title=text_of(figure.find("h3")), rows=rows, total=total)
