import pytest

ANYMAIL_TEST_MAILERS = {
    "default": {"BACKEND": "outbox.backends.OutboxEmailBackend"},
    "provider": {"BACKEND": "anymail.backends.test.EmailBackend"},
}


@pytest.fixture(autouse=True)
def anymail_test_mailer(settings):
    """Django's test runner swaps every mailer for locmem; the outbox tests
    send through anymail's test backend, as the test settings intend, so that
    anymail's normalisation (attachments, message ids) is exercised."""
    settings.MAILERS = ANYMAIL_TEST_MAILERS
