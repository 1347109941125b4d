"""Pages shown as cards in a listing, known by their ids.

A listing keeps which pages it shows (their ids) in the content cache; the
pages themselves, with what a card shows, are read from the database only
when a card is missing from the cache (``home.templatetags.cards``)."""

from collections.abc import Callable, Iterable, Sequence


class CardPages(Sequence):
    """The pages of ``ids``, loaded by ``load(ids)`` when iterated; a slice
    (a paginator's page) is a ``CardPages`` too."""

    def __init__(self, ids: list[int], load: Callable[[list[int]], Iterable]):
        self.card_ids = ids
        self._load = load

    def __len__(self) -> int:
        return len(self.card_ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return CardPages(self.card_ids[index], self._load)
        return self.card_ids[index]

    def __iter__(self):
        by_id = {page.pk: page for page in self._load(self.card_ids)}
        return (by_id[pk] for pk in self.card_ids if pk in by_id)
