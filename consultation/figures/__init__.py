"""The consultation in figures, computed from the portal's own data.

``compute`` reads the figures in a handful of aggregate queries,
``disclosure`` hides the small counts that could single someone out, and
``cache`` keeps the result until registrations, check-ins or events change.
"""
