"""docker/compose.yaml and docker/Caddyfile: a deployment that scales out.

`docker compose up -d --scale web=3 --scale worker=2` needs web containers
without a host port or a fixed name, reached through the proxy, with a health
check; workers need time to finish their task when they are stopped.

No YAML library is a dependency of the project: the compose file is read by its
layout (two spaces per level, as written), which these tests hold it to. When
PyYAML happens to be installed, one more test parses it for real.
"""

import re
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
COMPOSE = (PROJECT_ROOT / "docker" / "compose.yaml").read_text()
CADDYFILE = (PROJECT_ROOT / "docker" / "Caddyfile").read_text()


def top_level_blocks(text: str) -> dict[str, str]:
    """Each top-level key of the document, with the indented lines under it."""
    blocks, name = {}, None
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z][\w.-]*):", line)
        if match:
            name = match.group(1)
            blocks[name] = ""
        elif name and (line.startswith(" ") or not line.strip()):
            blocks[name] += line + "\n"
        elif not line.startswith("#"):
            name = None
    return blocks


def services() -> dict[str, str]:
    """Each service of the compose file, with its lines (indentation removed)."""
    found, name = {}, None
    for line in top_level_blocks(COMPOSE)["services"].splitlines():
        match = re.match(r"^  ([a-z][\w-]*):\s*$", line)
        if match:
            name = match.group(1)
            found[name] = ""
        elif name and line.startswith("    "):
            found[name] += line[4:] + "\n"
    return found


def keys(block: str) -> set[str]:
    """The keys at the first level of a service's block."""
    return set(re.findall(r"^([a-z_<]+):", block, re.MULTILINE))


def seconds(duration: str) -> int:
    total = 0
    for amount, unit in re.findall(r"(\d+)([hms])", duration):
        total += int(amount) * {"h": 3600, "m": 60, "s": 1}[unit]
    return total


def value(block: str, key: str) -> str:
    match = re.search(rf"^{key}:\s*(.+)$", block, re.MULTILINE)
    assert match, f"no {key}"
    return match.group(1).strip().strip("\"'")


SERVICES = services()
PORTAL_ANCHOR = top_level_blocks(COMPOSE)["x-portal"]


def test_the_layout_is_understood():
    assert {"web", "worker", "scheduler", "db", "redis"} <= set(SERVICES)
    assert re.search(r"^  environment:", PORTAL_ANCHOR, re.MULTILINE)


def test_a_proxy_publishes_the_ports_and_load_balances_the_web_replicas():
    proxy = SERVICES["proxy"]

    assert value(proxy, "image").startswith("caddy:2")
    assert "ports" in keys(proxy)
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in proxy
    assert "media:/srv/media:ro" in proxy
    # Caddy re-resolves the service's name: every replica, as they come and go.
    assert re.search(r"dynamic a web 8000 \{\s*refresh \d+s", CADDYFILE)


def test_web_publishes_no_host_port_and_has_no_fixed_name():
    assert "ports" not in keys(SERVICES["web"])
    # The shared anchor would give its ports to every service.
    assert "ports:" not in PORTAL_ANCHOR
    for name, block in SERVICES.items():
        assert "container_name" not in keys(block), name
    assert "ports" not in keys(SERVICES["worker"])


def test_web_has_a_health_check_on_the_health_endpoint():
    web = SERVICES["web"]

    assert "healthcheck" in keys(web)
    assert '"python", "/app/docker/healthcheck.py"' in web
    script = (PROJECT_ROOT / "docker" / "healthcheck.py").read_text()
    assert "/sante/" in script
    # The proxy starts when the replicas answer.
    assert re.search(r"web:\s*\n\s*condition: service_healthy", SERVICES["proxy"])


def test_workers_get_time_to_finish_their_task():
    worker = SERVICES["worker"]

    assert value(worker, "stop_signal") == "SIGTERM"
    assert seconds(value(worker, "stop_grace_period")) >= 60


def test_web_gets_time_to_finish_its_requests():
    assert seconds(value(SERVICES["web"], "stop_grace_period")) > 30


def test_migrations_run_once_before_the_replicas_start():
    assert '["manage", "migrate", "--noinput"]' in SERVICES["migrate"]
    assert 'MIGRATE_ON_START: "0"' in PORTAL_ANCHOR
    assert re.search(
        r"migrate:\s*\n\s*condition: service_completed_successfully", PORTAL_ANCHOR
    )
    # The migrate service must not wait for itself.
    assert "migrate:" not in SERVICES["migrate"]


def test_the_proxy_serves_media_but_never_documents():
    assert re.search(r"handle /media/documents/\* \{\s*respond 404", CADDYFILE)
    assert re.search(r"handle /media/\* \{[^}]*root \* /srv/media", CADDYFILE)


def test_logs_go_to_standard_output_as_json():
    assert CADDYFILE.count("output stdout") == 2
    assert CADDYFILE.count("format json") == 2


def test_the_full_document_parses_when_pyyaml_is_there():
    yaml = pytest.importorskip("yaml")
    document = yaml.safe_load(COMPOSE)

    web = document["services"]["web"]
    assert "ports" not in web
    assert web["environment"]["CACHE_URL"] == "redis://redis:6379/0"
    assert web["healthcheck"]["test"] == [
        "CMD",
        "python",
        "/app/docker/healthcheck.py",
    ]
    assert document["services"]["worker"]["stop_grace_period"] == "2m"
    assert "migrate" not in document["services"]["migrate"]["depends_on"]
