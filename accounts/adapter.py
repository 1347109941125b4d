"""allauth's adapter: its emails leave through the outbox, never in the request."""

from allauth.account.adapter import DefaultAccountAdapter

from outbox.services import email_queue


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
