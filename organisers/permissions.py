"""Who may see and act on registrations in the admin.

Wagtail's model permission policy over ``Registration``: "view" to see and
export them (lists, sign-in sheets, badges), "change" to act on them (check
in, cancel, promote, resend), "add" to register someone by hand or a
walk-in. Organisers hold the three; Communication none. Every view that
shows personal data also needs two-factor authentication
(``organisers.two_factor``): ``personal_data_view`` applies both.
"""

from wagtail.admin.auth import PermissionPolicyChecker
from wagtail.permission_policies import ModelPermissionPolicy

from events.registrations.models import Registration
from organisers.two_factor import two_factor_required

registration_permission_policy = ModelPermissionPolicy(Registration)
_checker = PermissionPolicyChecker(registration_permission_policy)


def personal_data_view(action: str):
    """Decorator for an admin view about registrations: refused (Wagtail's
    redirect to the dashboard, with a message) without the ``action``
    permission, then two-factor authentication first."""

    def decorator(view):
        return _checker.require(action)(two_factor_required(view))

    return decorator


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Grants "view" as Django's model permissions do, and nothing else."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)
