from .pages import ResultsPage
from .timeline import ConsultationPhase, PhaseMilestone

__all__ = ["ConsultationPhase", "PhaseMilestone", "ResultsPage"]
