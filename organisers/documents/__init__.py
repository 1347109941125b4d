"""Printable documents about an event's attendees: sign-in sheets and badges."""
