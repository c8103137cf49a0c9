import pytest
from django.db import transaction

from tests.search.corpus import build_corpus


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """The Czech corpus, built once per module inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        data = build_corpus()
        yield data
        transaction.set_rollback(True)
