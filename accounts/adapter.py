"""allauth's adapter: its emails leave through the outbox, never in the request."""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied

from outbox.services import email_queue
from portal.rate_limits import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render as allauth does, then record in the outbox (sent by a task)."""
        request = context.get("request") or getattr(self, "request", None)
        message = self.render_mail(
            template_prefix, email, {"request": request, "email": email, **context}
        )
        html = next(
            (body for body, mime in message.alternatives if mime == "text/html"), ""
        )
        email_queue(
            kind="account_" + template_prefix.rsplit("/", 1)[-1],
            recipient=email,
            subject=message.subject,
            text=message.body,
            html=html,
        )

    def get_client_ip(self, request) -> str:
        """The client's address as the portal's own rate limits see it
        (TRUSTED_PROXY_COUNT), for allauth's rate limits on account forms."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip
