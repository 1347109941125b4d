"""News: news pages and notifications (issue #7)."""
