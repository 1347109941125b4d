"""Every environment variable the code reads is documented.

The README's configuration table and docker/env.example must name each variable
read by the settings, the container's entrypoint and gunicorn configuration.
"""

import re
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
README = (PROJECT_ROOT / "README.md").read_text()
ENV_EXAMPLE = (PROJECT_ROOT / "docker" / "env.example").read_text()

NAME = r"([A-Z][A-Z0-9_]*)"
READERS = {
    "site/settings/*.py": rf"env_(?:str|bool|list|required)\(\s*\"{NAME}\"",
    "site/management/commands/*.py": rf"environ\.get\(\"{NAME}\"",
    "docker/gunicorn.conf.py": rf"(?:_int_from_env|environ\.get)\([\"']{NAME}[\"']",
    "docker/entrypoint.sh": rf"\$\{{{NAME}:-|environ\.get\(\"{NAME}\"",
    "docker/compose.yaml": rf"\$\{{{NAME}:[-?]",
}
# Read elsewhere: Django itself, dj-database-url, and anymail's prefix.
ALSO_READ = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "ANYMAIL_"}
# Set by the image (and compose's port mapping), or for development only.
NOT_IN_ENV_FILE = {"DJANGO_SETTINGS_MODULE", "PORT", "DEV_ADMIN_PASSWORD"}


def variables_read_by_the_code() -> set[str]:
    names = set(ALSO_READ)
    for pattern, regex in READERS.items():
        for path in PROJECT_ROOT.glob(pattern):
            for match in re.finditer(regex, path.read_text()):
                names.update(group for group in match.groups() if group)
    return names


VARIABLES = sorted(variables_read_by_the_code())


def test_the_scan_finds_the_variables():
    assert {"SECRET_KEY", "EMAIL_PROVIDER", "WEB_CONCURRENCY", "MIGRATE_ON_START"} <= (
        set(VARIABLES)
    )


@pytest.mark.parametrize("name", VARIABLES)
def test_the_readme_documents_the_variable(name):
    assert f"`{name}" in README


@pytest.mark.parametrize("name", sorted(set(VARIABLES) - NOT_IN_ENV_FILE))
def test_env_example_lists_the_variable(name):
    assert re.search(rf"^#? ?{name}", ENV_EXAMPLE, re.MULTILINE), name
