"""Admin pages of the organisers' app that hold no personal data."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme

from organisers.two_factor import has_two_factor


def two_factor_required(request):
    """Why two-factor authentication is needed, and where to turn it on; back
    to where the person was going once it is on."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if has_two_factor(request.user) and next_url:
        return redirect(next_url)
    return TemplateResponse(
        request, "organisers/two_factor_required.html", {"next_url": next_url}
    )
