"""How common a search's words are (``claims.search_words``); what the first window of
recent claims does with it is tested in test_search."""

import pytest
from django.db import connection

from claims import search_words
from claims.tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def analyze() -> None:
    """What autovacuum does after enough writes: PostgreSQL counts the words again."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
    search_words.forget()


def test_shares_come_from_postgresqls_statistics():
    for n in range(30):
        ClaimFactory(published=True, text=f"Sanctions were lifted ({n})")
    for n in range(10):
        ClaimFactory(published=True, text=f"Grain exports fell ({n})")
    assert search_words.share(["sanction"]) == 0  # no statistics yet: as if rare
    analyze()
    assert search_words.share(["sanction"]) == pytest.approx(0.75)
    assert search_words.share(["grain"]) == pytest.approx(0.25)
    # Independent words, as the planner assumes; a word it does not count is rarer than all.
    assert search_words.share(["sanction", "grain"]) == pytest.approx(0.75 * 0.25)
    assert search_words.share(["sanction", "zeppelin"]) == 0
    assert search_words.share([]) == 0  # stop words only: nothing matches


def test_a_process_keeps_its_copy_until_it_is_old(monkeypatch):
    for n in range(10):
        ClaimFactory(published=True, text=f"Grain exports fell ({n})")
    analyze()
    assert search_words.share(["grain"]) == pytest.approx(1)
    ClaimFactory.create_batch(10, published=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
    assert search_words.share(["grain"]) == pytest.approx(1)  # the copy, no query
    monkeypatch.setattr(search_words, "CACHE_SECONDS", 0)
    assert search_words.share(["grain"]) == pytest.approx(0.5)
