"""People of the admin, in the roles the migration creates."""

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from organisers.roles import COMMUNICATION, ORGANISERS


def build_admin_user(
    username: str,
    *,
    groups: tuple[str, ...] = (),
    two_factor: bool = False,
    is_superuser: bool = False,
):
    user = get_user_model().objects.create_user(
        username,
        email=f"{username}@region.example",
        password="motdepasse-tres-long",
        is_superuser=is_superuser,
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    if two_factor:
        TOTP.activate(user, generate_totp_secret())
    return user


def build_organiser(username: str = "organisatrice", *, two_factor: bool = True):
    return build_admin_user(username, groups=(ORGANISERS,), two_factor=two_factor)


def build_communication_member(username: str = "communicante"):
    return build_admin_user(username, groups=(COMMUNICATION,), two_factor=True)


def build_staff_member(username: str = "agent"):
    """Region staff without an admin role."""
    return build_admin_user(
        username, groups=(settings.REGION_STAFF_GROUP_NAME,), two_factor=True
    )
