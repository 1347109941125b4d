"""Placeholder until this part of the accounts issue lands."""

from django.http import Http404


def _not_yet(request, *args, **kwargs):
    raise Http404


my_data = download = delete_account = _not_yet
