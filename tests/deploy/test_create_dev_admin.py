"""The development admin, with its known password, never exists in production."""

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings


@override_settings(DEBUG=False)
def test_create_dev_admin_refuses_to_run_without_debug():
    # The refusal comes before any query: no database is needed.
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("create_dev_admin")
