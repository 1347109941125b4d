"""The profile form: the registration form's participant fields, all optional."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from events.registrations.choices import ParticipantType
from events.registrations.forms import ParticipantForm


def _language_choices():
    return settings.LANGUAGES


class ProfileForm(ParticipantForm):
    participant_type = forms.ChoiceField(
        label=_("You are coming as"),
        choices=[("", _("Choose…")), *ParticipantType.choices],
        required=False,
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=_language_choices,
        required=False,
    )

    identity_field_names = ("first_name", "last_name", "participant_type")
    optional_field_names = ("first_name", "last_name")
    organisation_field_names = ("organisation_name", "organisation_type", "territory")
    preference_field_names = ("preferred_language", "news_opt_in")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.optional_field_names:
            self.fields[name].required = False

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
