"""Helpers to read what the portal renders, with BeautifulSoup."""

from bs4 import BeautifulSoup


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def text_of(element) -> str:
    return " ".join(element.get_text(" ").split())


def footer_links(response) -> dict[str, str]:
    """Footer link texts mapped to their targets."""
    footer = soup(response).find("footer")
    return {text_of(link): link["href"] for link in footer.find_all("a", href=True)}
