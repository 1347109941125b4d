"""Registration forms and management links (see tokens.py), mounted at
/inscriptions/."""

from django.urls import path

from events.registrations import views

app_name = "registrations"

urlpatterns = [
    path("evenement/<int:event_id>/", views.register, name="register"),
    path("<str:token>/", views.manage, name="manage"),
    path("<str:token>/invitation.ics", views.invite, name="invite"),
    path("<str:token>/modifier/", views.change, name="change"),
    path("<str:token>/annuler/", views.cancel, name="cancel"),
]
