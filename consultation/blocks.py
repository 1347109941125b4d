"""Blocks of the results page."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from home.blocks import RICH_TEXT_FEATURES


class CommitmentStatus:
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CHOICES = [
        (PLANNED, _("Planned")),
        (IN_PROGRESS, _("In progress")),
        (DONE, _("Done")),
    ]


class CommitmentValue(blocks.StructValue):
    def status_label(self) -> str:
        return dict(CommitmentStatus.CHOICES).get(self.get("status"), "")


class CommitmentBlock(blocks.StructBlock):
    """What the strategy commits to, followed up like Decidim's
    accountability results: a status and, optionally, a progress."""

    title = blocks.CharBlock(label=_("Commitment"), max_length=250)
    description = blocks.TextBlock(label=_("Details"), required=False)
    status = blocks.ChoiceBlock(
        label=_("Status"),
        choices=CommitmentStatus.CHOICES,
        default=CommitmentStatus.PLANNED,
    )
    progress = blocks.IntegerBlock(
        label=_("Progress (%)"), required=False, min_value=0, max_value=100
    )

    class Meta:
        icon = "tick"
        label = _("Commitment")
        value_class = CommitmentValue


class ThemeResultBlock(blocks.StructBlock):
    """One theme of the consultation: what was heard, what is retained, and
    the commitments that follow."""

    theme = SnippetChooserBlock("home.Theme", label=_("Theme"))
    heard = blocks.RichTextBlock(
        label=_("What was heard"), features=RICH_TEXT_FEATURES, required=False
    )
    proposals = blocks.ListBlock(
        blocks.CharBlock(max_length=300),
        label=_("Proposals retained"),
        default=[],
    )
    commitments = blocks.ListBlock(
        CommitmentBlock(), label=_("Commitments"), default=[]
    )

    class Meta:
        icon = "list-ul"
        label = _("Theme")


class ThemeResultsBlock(blocks.StreamBlock):
    theme = ThemeResultBlock()
