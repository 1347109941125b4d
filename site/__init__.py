"""Project configuration: settings, URLs, WSGI/ASGI, base templates and static files."""
