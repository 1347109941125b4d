from wagtail import hooks
from wagtail.permissions import register_permission_policy

from organisers.permissions import ViewOnlyPermissionPolicy
from outbox.models import OutgoingEmail
from outbox.viewsets import OutgoingEmailViewSet

register_permission_policy(OutgoingEmail, ViewOnlyPermissionPolicy(OutgoingEmail))


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutgoingEmailViewSet("outbox")
