"""The consultation in Wagtail: its phases, under Snippets, for the timeline."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from consultation.models import ConsultationPhase
from home.viewsets import ReferenceDataViewSet


class ConsultationPhaseViewSet(ReferenceDataViewSet):
    """Not in a menu of its own (``add_to_admin_menu`` is False): listed under
    Snippets, where the timeline block's help text sends editors."""

    model = ConsultationPhase
    icon = "time"
    menu_label = _("Consultation phases")
    list_display = ["title", "starts_on", "ends_on", "sort_order"]
    list_export = ["title", "description", "starts_on", "ends_on", "sort_order"]
    search_fields = ["title", "description"]
    ordering = ["sort_order", "pk"]


register_snippet(ConsultationPhaseViewSet)
