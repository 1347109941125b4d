"""allauth's signals → accounts services, for verified addresses only."""

from allauth.account.signals import email_confirmed, user_signed_up
from django.dispatch import receiver

from accounts import services


@receiver(email_confirmed, dispatch_uid="accounts.email_confirmed")
def on_email_confirmed(sender, email_address, **kwargs):
    """An address was just verified (link, code, password reset by email,
    or an administrator): its guest registrations join the account."""
    if email_address.verified:
        services.email_verified(user=email_address.user, email=email_address.email)


@receiver(user_signed_up, dispatch_uid="accounts.user_signed_up")
def on_user_signed_up(sender, user, **kwargs):
    """An account made with addresses already verified (an identity provider
    that vouches for them): no ``email_confirmed`` follows, so act now. A
    sign-up by email and password has none verified yet: nothing happens."""
    services.verified_emails_apply(user=user)
