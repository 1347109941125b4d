"""Who sees which events: internal events are for Region staff only.

Every surface that lists events (pages, feeds, API, sitemap, search, home page)
starts from one of these querysets, so that the rule lives in one place.
"""

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction

from events.models import Audience, EventPage
from home.restrictions import public


def audience_of(user) -> str:
    """ "staff" or "public": what varies with the visitor in what is cached
    for everyone (which events they may see)."""
    return "staff" if user_is_region_staff(user) else "public"


def user_is_region_staff(user) -> bool:
    """Signed in and in the Region staff group (or a superuser); cached per user."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not hasattr(user, "_is_region_staff"):
        user._is_region_staff = user.is_superuser or (
            user.groups.filter(name=settings.REGION_STAFF_GROUP_NAME).exists()
        )
    return user._is_region_staff


def public_events():
    """Live, public events: what anonymous visitors, feeds and the API see."""
    return public(EventPage.objects.live()).filter(audience=Audience.PUBLIC)


def events_visible_to(user):
    """Live events this user may see: internal ones too for Region staff."""
    events = public(EventPage.objects.live())
    if user_is_region_staff(user):
        return events
    return events.filter(audience=Audience.PUBLIC)


def hidden_event_ids(user):
    """Ids of the events this user may not see, as a subquery."""
    if user_is_region_staff(user):
        return EventPage.objects.none().values("pk")
    return EventPage.objects.filter(audience=Audience.INTERNAL).values("pk")


def event_visible_to(event: EventPage, user) -> bool:
    return not event.is_internal or user_is_region_staff(user)


def under_view_restriction():
    """Annotation: whether a view restriction (password, sign-in, groups)
    covers the page or one of its ancestors, read in the page's own query.
    Restrictions reached through an alias are not seen: check those pages
    with ``get_view_restrictions()``."""
    return Exists(
        PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
    )
