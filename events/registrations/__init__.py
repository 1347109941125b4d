"""Registrations for events: capacity, waiting list and every change of state.

``services`` is the only code that writes a registration; ``selectors`` reads
availability; ``tasks`` runs the waiting-list promotion in the background.
"""
