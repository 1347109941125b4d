"""Messages from the organisers to the registrants of an event."""
