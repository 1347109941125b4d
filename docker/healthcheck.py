"""The web container's health check: GET /sante/ on this container's gunicorn.

Exits 0 when the portal answers 200 (it reaches the database and the cache),
1 otherwise. The request carries the first name of ALLOWED_HOSTS as its Host
header, as Django refuses any other; production settings exempt /sante/ from
the HTTPS redirect. Standard library only: the image has no curl.
"""

import os
import sys
import urllib.error
import urllib.request

TIMEOUT_SECONDS = 5


def probe_host(allowed_hosts: str) -> str:
    """The Host header to send: the first of ALLOWED_HOSTS, or localhost."""
    for name in allowed_hosts.split(","):
        name = name.strip().lstrip(".")
        if name and name != "*":
            return name
    return "localhost"


class RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is a failure: never follow it to another host."""

    def redirect_request(self, *args, **kwargs):
        return None


def main() -> int:
    port = os.environ.get("PORT", "").strip() or "8000"
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/sante/",
        headers={"Host": probe_host(os.environ.get("ALLOWED_HOSTS", ""))},
    )
    # No proxy from the environment, no redirect: this container only.
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), RefuseRedirects
    )
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            print(response.read().decode(errors="replace"))
            return 0 if response.status == 200 else 1
    except urllib.error.HTTPError as error:
        print(f"{error.code} {error.read().decode(errors='replace')}", file=sys.stderr)
    except OSError as error:
        print(f"No answer: {error}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
