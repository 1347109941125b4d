"""The data rights of an account: the page that explains them, "download my
data" and "delete my account". The work is done by the privacy app.

Re-authentication before a deletion: an account with a password types it in
the confirmation form (checked here, within allauth's "reauthenticate" rate
limit), so that a mistyped password is an error next to the field, with the
rest of the form kept. An account without a password (a sign-in through the
Region's identity provider) goes through allauth's own reauthentication flow
(``reauthentication_required``): to its two-factor authentication when it
has one; without any, allauth leaves the check to the identity provider.

Every response is personal: never stored by a browser or a proxy, nor indexed.
"""

import json

from allauth.account.decorators import reauthentication_required
from allauth.core import ratelimit
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from home.http_caching import private_response
from home.models import PortalSettings
from home.selectors import personal_data_notice
from privacy.export import personal_data_export
from privacy.services import account_delete

EXPORT_FILENAME = "mes-donnees.json"
TOO_MANY_ATTEMPTS = gettext_lazy(
    "Too many attempts in a short time. Please try again in a few minutes."
)


class AccountDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I understand that my account and my data will be deleted, and that "
            "this cannot be undone."
        ),
        error_messages={"required": gettext_lazy("Tick this box to confirm.")},
    )
    # allauth's wording, already translated in its catalogue.
    password = forms.CharField(
        label=gettext_lazy("Current Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": gettext_lazy("Please type your current password.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Incorrect password."), code="incorrect")
        return password


@login_required
@require_GET
def my_data(request):
    context = {
        "retention_months": PortalSettings.for_request(request).retention_months,
        "notice": personal_data_notice(request=request),
    }
    return private_response(TemplateResponse(request, "accounts/data.html", context))


@login_required
@require_GET
def download(request):
    export = personal_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(export, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{EXPORT_FILENAME}"'
    return private_response(response)


def _without_password(request) -> bool:
    return not request.user.has_usable_password()


@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(enabled=_without_password)
def delete_account(request):
    user = request.user
    data = request.POST if request.method == "POST" else None
    form = AccountDeleteForm(data, user=user)
    status = 200
    if request.method == "POST":
        allowed = "password" not in form.fields or ratelimit.consume(
            request, action="reauthenticate", user=user
        )
        if not allowed:
            form.is_valid()
            form.add_error(None, TOO_MANY_ATTEMPTS)
            status = 429
        elif form.is_valid():
            account_delete(user=user)
            logout(request)
            messages.success(
                request, _("Your account has been deleted, and your data with it.")
            )
            return redirect("/")
    response = TemplateResponse(
        request, "accounts/delete.html", {"form": form}, status=status
    )
    return private_response(response)
