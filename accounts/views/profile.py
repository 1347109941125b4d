"""The profile page: name, organisation, language, news opt-in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import services
from accounts.forms import ProfileForm
from accounts.selectors import profile_of
from home.http_caching import private_response
from home.selectors import personal_data_notice


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    user = request.user
    notice = personal_data_notice(request=request)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.profile_update(
                user=user, consent_version=notice.version, **form.cleaned_data
            )
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile")
    else:
        initial = ProfileForm.initial_for(user, profile_of(user))
        form = ProfileForm(initial=initial)
    context = {"form": form, "notice": notice, "email": user.email}
    return private_response(TemplateResponse(request, "accounts/profile.html", context))
