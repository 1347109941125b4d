"""The email that tells a subscriber of a published page.

Rendered once per page and batch with a placeholder for the unsubscribe
link, which is the only part that differs between subscribers (50,000
renders of the template would cost more than the sending)."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy

from news.subscriptions.emails import SiteMail, plain_text, site_locale
from news.subscriptions.tokens import subscriber_email_headers, unsubscribe_url
from outbox.services import email_queue

KIND = "news_published"
UNSUBSCRIBE_PLACEHOLDER = "__UNSUBSCRIBE_URL__"
# A page type may word it otherwise (``notification_subject``).
NEWS_SUBJECT = gettext_lazy("News: %(title)s")


@dataclass(frozen=True)
class PublishedPageMail:
    root_url: str
    subject: str
    text: str
    html: str

    @classmethod
    def for_page(cls, page) -> "PublishedPageMail":
        site = SiteMail.for_default_site()
        with site_locale():
            subject = str(getattr(page, "notification_subject", NEWS_SUBJECT)) % {
                "title": page.title
            }
            context = {
                "language": translation.get_language(),
                "subject": subject,
                "page": page,
                "page_url": page.get_full_url(),
                "summary": getattr(page, "introduction", ""),
                # A page type may word the first sentence otherwise.
                "lead": (
                    str(page.notification_lead)
                    % {"organisation": site.organisation_name}
                    if hasattr(page, "notification_lead")
                    else ""
                ),
                "organisation_name": site.organisation_name,
                "contact_email": site.contact_email,
                "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
            }
            text = plain_text(
                render_to_string("notifications/emails/page_published.txt", context)
            )
            html = render_to_string("notifications/emails/page_published.html", context)
        return cls(root_url=site.root_url, subject=subject, text=text, html=html)


def page_published(subscription, *, mail: PublishedPageMail):
    url = unsubscribe_url(subscription, root_url=mail.root_url)
    return email_queue(
        kind=KIND,
        recipient=subscription.email,
        subject=mail.subject,
        text=mail.text.replace(UNSUBSCRIBE_PLACEHOLDER, url),
        html=mail.html.replace(UNSUBSCRIBE_PLACEHOLDER, url),
        related=subscription,
        headers=subscriber_email_headers(subscription, root_url=mail.root_url),
    )
