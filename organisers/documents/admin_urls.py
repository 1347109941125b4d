"""Admin URLs of the printable documents (``register_admin_urls``)."""

from django.urls import path

from organisers.documents import views

urlpatterns = [
    path(
        "emargement/<int:event_id>/",
        views.sign_in_sheet,
        name="organisers_sign_in_sheet",
    ),
    path(
        "emargement/<int:event_id>/session/<int:session_id>/",
        views.sign_in_sheet,
        name="organisers_session_sign_in_sheet",
    ),
    path("badges/<int:event_id>/", views.badges, name="organisers_badges"),
]
