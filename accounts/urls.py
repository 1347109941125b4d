"""The portal's own account pages, next to allauth's (both under /compte/)."""

from django.urls import path

from accounts.views import data, profile, registrations

app_name = "accounts"

urlpatterns = [
    path("inscriptions/", registrations.my_registrations, name="registrations"),
    path("calendrier/", registrations.calendar_feed_settings, name="calendar_feed"),
    path(
        "calendrier/<str:token>.ics",
        registrations.calendar_feed,
        name="calendar_feed_ics",
    ),
    path("profil/", profile.profile, name="profile"),
    path("donnees/", data.my_data, name="data"),
    path("donnees/telecharger/", data.download, name="data_download"),
    path("supprimer/", data.delete_account, name="delete"),
]
