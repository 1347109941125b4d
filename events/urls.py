"""Public calendar feeds (iCalendar), under /calendrier/."""

app_name = "events"

urlpatterns = []
