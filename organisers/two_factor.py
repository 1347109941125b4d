"""Two-factor authentication before personal data.

Every admin view that shows registrations or outbox rows is wrapped with
``two_factor_required``: an account without an active TOTP authenticator is
sent to a page that guides it to set one up. Usernames listed in
``settings.PERSONAL_DATA_WITHOUT_TWO_FACTOR`` are exempt (the development
settings list the development admin; production lists nobody).
"""

from functools import wraps

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from wagtail.utils.urlpatterns import decorate_urlpatterns


def has_two_factor(user) -> bool:
    return user.get_username() in settings.PERSONAL_DATA_WITHOUT_TWO_FACTOR or (
        is_mfa_enabled(user, [Authenticator.Type.TOTP])
    )


def two_factor_guide(request):
    """To the page that guides the user to turn two-factor authentication on,
    then back here."""
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse('organisers_two_factor_required')}?{query}")


def two_factor_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not has_two_factor(user):
            return two_factor_guide(request)
        return view(request, *args, **kwargs)

    return wrapped


def with_two_factor(urlpatterns: list) -> list:
    """``urlpatterns`` (e.g. a viewset's) with every view wrapped."""
    return decorate_urlpatterns(urlpatterns, two_factor_required)
