"""An editor's path through the admin in a real browser: log in with the keyboard,
find a claim by the words of a quote, and see that quote highlighted in its source."""

import pytest

from claims.tests import factories

# serialized_rollback: the live server needs committed rows, and each test must
# start with what migrations installed (the default rating scale), not an empty flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_editor_logs_in_finds_a_claim_and_sees_its_quote_highlighted(
    page, live_server, django_user_model
):
    """Keyboard login, search by quote, and the highlighted, escaped quote in the source."""
    editor = django_user_model.objects.create_superuser("desk", "desk@example.org", "desk-pass-1")
    statement = factories.StatementFactory(
        exact="there was an ongoing “genocide” in the Donbas region",
        source=factories.SourceFactory(
            text="Putin <b>claimed</b> that there was an ongoing “genocide” in the Donbas region."
        ),
        claim=factories.ClaimFactory(text="There is an ongoing genocide in Donbas"),
    )

    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill("desk-pass-1")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/claims/claim/?q=ongoing+genocide")
    page.get_by_role("link", name="There is an ongoing genocide in Donbas").click()
    assert page.get_by_label("Canonical wording").input_value() == statement.claim.text

    page.goto(f"{live_server.url}/admin/claims/source/{statement.source.pk}/change/")
    mark = page.locator(f"mark#statement-{statement.pk}")
    assert mark.is_visible()
    assert mark.inner_text() == statement.exact
    # The markup in the source text is shown as text, not rendered.
    assert "Putin <b>claimed</b>" in page.locator(".claimtrack-source-text").inner_text()
