"""Events: event pages, sessions, listing and calendar feeds (issue #3)."""
