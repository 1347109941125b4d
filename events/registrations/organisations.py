"""Which organisation a registration is from, as a key that survives
anonymisation: the participation figures count organisations, and the name
is personal enough to be erased with the rest after the retention period."""

import unicodedata

from django.utils.crypto import salted_hmac

KEY_SALT = "events.registrations.organisation"


def organisation_key(name: str) -> str:
    """The same key for the same organisation however it was typed (case,
    accents, punctuation, spaces); a keyed hash, so the name cannot be read
    back from it. Empty for no name."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(
        char if char.isalnum() else " "
        for char in decomposed
        if not unicodedata.combining(char)
    )
    normalised = " ".join(letters.split())
    if not normalised:
        return ""
    return salted_hmac(KEY_SALT, normalised, algorithm="sha256").hexdigest()[:32]
