"""Admin URLs of the messages to attendees (``register_admin_urls``)."""

from django.urls import path

from organisers.messages import views

urlpatterns = [
    path(
        "messages/<int:event_id>/",
        views.compose,
        name="organisers_attendee_message",
    ),
]
