"""The programme of an event: time slots with their speakers."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from events.validation import END_BEFORE_START_MESSAGE, ends_before_start


class TimeSlotBlock(blocks.StructBlock):
    starts_at = blocks.TimeBlock(label=_("Start"))
    ends_at = blocks.TimeBlock(label=_("End"), required=False)
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    description = blocks.TextBlock(label=_("Description"), required=False)
    speakers = blocks.ListBlock(
        SnippetChooserBlock("home.Person"), label=_("Speakers"), default=[]
    )

    class Meta:
        icon = "time"
        label = _("Time slot")
        template = "blocks/time_slot.html"

    def clean(self, value):
        value = super().clean(value)
        if ends_before_start(value["starts_at"], value["ends_at"]):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "ends_at": blocks.ValidationError(END_BEFORE_START_MESSAGE)
                }
            )
        return value


class ProgrammeBlock(blocks.StreamBlock):
    time_slot = TimeSlotBlock()
