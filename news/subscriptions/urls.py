"""The subscription form and the links of the emails, mounted at
/actualites/abonnement/."""

from django.urls import path

from news.subscriptions import views

app_name = "subscriptions"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("verifiez-votre-messagerie/", views.check_inbox, name="check_inbox"),
    path("confirmer/<str:token>/", views.confirm, name="confirm"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "desabonnement/<str:token>/un-clic/",
        views.unsubscribe_one_click,
        name="unsubscribe_one_click",
    ),
]
