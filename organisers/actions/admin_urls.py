"""Admin URLs of the organisers' actions on registrations, returned by a
``register_admin_urls`` hook (organisers.wagtail_hooks); beside the
registrations admin's own URLs (``/admin/inscriptions/``)."""

from django.urls import path

from organisers.actions import views

urlpatterns = [
    path("inscriptions/ajouter/", views.add, name="organisers_registration_add"),
    path(
        "inscriptions/<int:registration_id>/modifier/",
        views.change,
        name="organisers_registration_change",
    ),
    path(
        "inscriptions/<int:registration_id>/annuler/",
        views.cancel,
        name="organisers_registration_cancel",
    ),
    path(
        "inscriptions/<int:registration_id>/confirmer/",
        views.promote,
        name="organisers_registration_promote",
    ),
    path(
        "inscriptions/<int:registration_id>/renvoyer-invitation/",
        views.resend_invite,
        name="organisers_registration_resend_invite",
    ),
    path(
        "inscriptions/<int:registration_id>/presence/",
        views.attendance,
        name="organisers_registration_attendance",
    ),
]
