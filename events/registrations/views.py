"""Placeholder: the management views land here."""

from django.http import Http404


def manage(request, token):
    raise Http404


invite = change = cancel = manage
