"""Telling subscribers when news is first published (issue #7)."""
