"""Project-wide fixtures: a named cast of users and rows every test module may use.

Rows are built with the factories in ``claims/tests/factories.py``; the
rating scale is the one migration 0002 ships, so tests exercise the data a
fresh install really has rather than a look-alike.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from claims.models import RatingScale
from claims.tests import factories

# Not one of the roles (``claims/roles.py``): a group holding every permission, so
# that tests about editing are not about the workflow's permissions.
EDITOR_GROUP = "desk (every permission)"


@pytest.fixture
def editor_user(django_user_model):
    """A staff member holding every permission on the claims app (a publisher, and more)."""
    group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label="claims"))
    user = django_user_model.objects.create_user(
        username="editor", email="editor@example.org", password="editor-password", is_staff=True
    )
    user.groups.add(group)
    return user


def _role_user(django_user_model, role: str):
    from claims.roles import roles_sync

    roles_sync()  # the groups migration 0007 made, even after a flushing test
    user = django_user_model.objects.create_user(
        username=role, email=f"{role}@example.org", password=f"{role}-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def contributor_user(django_user_model):
    """A staff member in the contributor role: drafts, publishes nothing."""
    return _role_user(django_user_model, "contributor")


@pytest.fixture
def role_editor_user(django_user_model):
    """A staff member in the editor role: edits everything, sends to review."""
    return _role_user(django_user_model, "editor")


@pytest.fixture
def publisher_user(django_user_model):
    """A staff member in the publisher role: also publishes, unpublishes and corrects."""
    return _role_user(django_user_model, "publisher")


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="admin", email="admin@example.org", password="admin-password"
    )


@pytest.fixture
def admin_client_editor(editor_user):
    """A test client logged in as ``editor_user`` (not a superuser)."""
    client = Client()
    client.force_login(editor_user)
    return client


@pytest.fixture
def default_scale(db):
    """The rating scale migration 0002 creates and marks as the default."""
    return RatingScale.objects.get(slug=factories.DEFAULT_SCALE_SLUG, version=1)


@pytest.fixture
def source(db):
    return factories.SourceFactory()


@pytest.fixture
def actor(db):
    return factories.ActorFactory(name="Sergey Lavrov", slug="sergey-lavrov")


@pytest.fixture
def draft_claim(db):
    return factories.ClaimFactory(status="draft")


@pytest.fixture
def published_claim(db):
    """A published claim with one statement and one published review, as readers see it."""
    claim = factories.ClaimFactory(published=True)
    factories.StatementFactory(claim=claim)
    factories.ReviewFactory(claim=claim, published=True)
    return claim


@pytest.fixture
def statement(db):
    return factories.StatementFactory()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the public page cache lives in process
    memory and would otherwise outlive the database rollback between tests."""
    from django.core.cache import cache

    from claims import local_pages, search_words

    cache.clear()
    local_pages.pages.clear()
    local_pages.version.forget()
    search_words.forget()
