"""The subscription form: the full page's (address and themes), and the
footer's compact one (the address only: every theme)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.models import Theme

FOOTER_AUTO_ID = "abonnement-pied-%s"


class ThemeCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose field "label" is the first box: the error summary
    links there (a fieldset with its legend groups them)."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class SubscriptionForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_(
            "We send a link there to confirm: nothing else is sent before you confirm."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes that interest you"),
        help_text=_("Optional: choose none to receive news of every theme."),
        queryset=Theme.objects.all(),
        required=False,
        widget=ThemeCheckboxes,
    )
    # Honeypot: hidden from people (CSS, aria-hidden, out of the tab order);
    # a robot that fills every field fills it.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def subscription_data(self) -> dict:
        """Keyword arguments for ``services.subscription_request``."""
        return {
            "email": self.cleaned_data["email"],
            "themes": list(self.cleaned_data["themes"]),
        }


def footer_subscription_form() -> SubscriptionForm:
    """The footer's unbound form, with ids of its own: the page it ends may
    hold another form with an email field."""
    form = SubscriptionForm(auto_id=FOOTER_AUTO_ID)
    form.fields["email"].widget.attrs["class"] = "site-search__input"
    return form
