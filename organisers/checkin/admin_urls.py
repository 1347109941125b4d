"""Admin URLs of the check-in pages, returned by a ``register_admin_urls``
hook (organisers.wagtail_hooks)."""

from django.urls import path

from organisers.checkin import views

urlpatterns = [
    path("pointage/<int:event_id>/", views.checkin_event, name="organisers_checkin"),
    path(
        "pointage/<int:event_id>/presence/<int:registration_id>/",
        views.checkin_attendance,
        name="organisers_checkin_attendance",
    ),
    path(
        "pointage/<int:event_id>/sur-place/",
        views.checkin_walk_in,
        name="organisers_checkin_walk_in",
    ),
]
