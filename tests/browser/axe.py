"""Run axe-core (bundled by axe-playwright-python) and explain its findings."""

from axe_playwright_python.sync_playwright import Axe

WCAG_AA_AND_BEST_PRACTICES = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    }
}

_axe = Axe()


def axe_violations(page) -> list[str]:
    """One line per violation: rule, impact and the offending elements."""
    results = _axe.run(page, options=WCAG_AA_AND_BEST_PRACTICES)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + ", ".join(str(node["target"]) for node in violation["nodes"])
        for violation in results.response["violations"]
    ]
