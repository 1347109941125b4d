"""The profile form: everything optional, checked as the registration form does."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from events.registrations.choices import OrganisationType, ParticipantType
from events.registrations.forms import SingleLineField
from home.models import Territory


def _language_choices():
    return settings.LANGUAGES


class ProfileForm(forms.Form):
    first_name = SingleLineField(
        label=_("First name"),
        max_length=100,
        required=False,
        autocomplete="given-name",
    )
    last_name = SingleLineField(
        label=_("Last name"),
        max_length=100,
        required=False,
        autocomplete="family-name",
    )
    participant_type = forms.ChoiceField(
        label=_("You are coming as"),
        choices=[("", _("Choose…")), *ParticipantType.choices],
        required=False,
    )
    organisation_name = SingleLineField(
        label=_("Name of the organisation"),
        max_length=200,
        required=False,
        autocomplete="organization",
    )
    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"),
        choices=[("", _("Choose…")), *OrganisationType.choices],
        required=False,
    )
    territory = forms.ModelChoiceField(
        label=_("Territory"),
        queryset=Territory.objects.all(),
        required=False,
        empty_label=_("Choose…"),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=_language_choices,
        required=False,
    )
    news_opt_in = forms.BooleanField(
        label=_("I would like to receive news of the consultation by email."),
        help_text=_("Optional. You can unsubscribe from any email."),
        required=False,
    )

    identity_field_names = ("first_name", "last_name", "participant_type")
    organisation_field_names = ("organisation_name", "organisation_type", "territory")
    preference_field_names = ("preferred_language", "news_opt_in")

    @classmethod
    def initial_for(cls, user, profile) -> dict:
        return {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "participant_type": profile.participant_type,
            "organisation_name": profile.organisation_name,
            "organisation_type": profile.organisation_type,
            "territory": profile.territory_id,
            "preferred_language": profile.preferred_language,
            "news_opt_in": profile.news_opt_in,
        }

    def _fields(self, names):
        return [self[name] for name in names]

    @property
    def identity_fields(self):
        return self._fields(self.identity_field_names)

    @property
    def organisation_fields(self):
        return self._fields(self.organisation_field_names)

    @property
    def preference_fields(self):
        return self._fields(self.preference_field_names)
