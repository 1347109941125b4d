"""Email providers' tracking webhooks, under the paths and names of
``anymail.urls``, each provider's code imported at its first request.

``anymail.urls`` imports the webhooks of every provider, and with them
boto3, botocore and cryptography's bindings (about 15 MB in each web
worker); a deployment receives the webhooks of one provider. Checked against
anymail's own list in tests/portal/test_worker_memory.py.
"""

from django.urls import path
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt


def _imported_when_called(view_path: str):
    """The class-based view at ``view_path``, imported at its first request."""
    view = None

    @csrf_exempt  # as anymail's webhooks are: they check HTTP basic auth
    def imported_view(request, *args, **kwargs):
        nonlocal view
        if view is None:
            view = import_string(view_path).as_view()
        return view(request, *args, **kwargs)

    return imported_view


# Provider tracking webhooks (the paths and names of `anymail.urls`), checked
# against ANYMAIL["WEBHOOK_SECRET"]: outbox/signals.py and news.subscriptions
# receive their events. The portal receives no email, so anymail's inbound
# webhooks are not routed.
ANYMAIL_TRACKING_WEBHOOKS = {
    "amazon_ses": "AmazonSESTrackingWebhookView",
    "brevo": "BrevoTrackingWebhookView",
    "mailersend": "MailerSendTrackingWebhookView",
    "mailgun": "MailgunTrackingWebhookView",
    "mailjet": "MailjetTrackingWebhookView",
    "mailtrap": "MailtrapTrackingWebhookView",
    "postal": "PostalTrackingWebhookView",
    "postmark": "PostmarkTrackingWebhookView",
    "resend": "ResendTrackingWebhookView",
    "sendgrid": "SendGridTrackingWebhookView",
    "sendinblue": "SendinBlueTrackingWebhookView",
    "sparkpost": "SparkPostTrackingWebhookView",
    "unisender_go": "UnisenderGoTrackingWebhookView",
}
urlpatterns = [
    path(
        f"{esp}/tracking/",
        _imported_when_called(f"anymail.webhooks.{esp}.{view}"),
        name=f"{esp}_tracking_webhook",
    )
    for esp, view in ANYMAIL_TRACKING_WEBHOOKS.items()
] + [
    path(
        route,
        _imported_when_called("anymail.webhooks.mandrill.MandrillCombinedWebhookView"),
        name=name,
    )
    for route, name in (
        ("mandrill/", "mandrill_webhook"),
        ("mandrill/tracking/", "mandrill_tracking_webhook"),
    )
]
