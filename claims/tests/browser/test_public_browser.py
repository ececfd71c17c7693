"""A reader's path through the public site in a real browser, on the seed corpus:
search from the home page, open a claim, follow a quote into its source and see it
highlighted; the same with the keyboard alone; and the page at 320 px wide."""

import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command

# serialized_rollback: the live server needs committed rows, and each test must
# start with what migrations installed (the default rating scale), not an empty flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

GENOCIDE = "There is an ongoing genocide in Donbas"


@pytest.fixture
def seeded():
    call_command("load_seed_data", verbosity=0)


def test_reader_searches_opens_a_claim_and_follows_a_quote_into_its_source(
    page, live_server, seeded
):
    """Home search → claim page with its verdict → the quote highlighted in the source."""
    page.goto(live_server.url + "/")
    page.get_by_role("search").first.get_by_label("Search claims, quotes and verdicts").fill(
        "genocide Donbas"
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**/claims/?q=genocide+Donbas")

    page.get_by_role("main").get_by_role("link", name=GENOCIDE).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == GENOCIDE
    assert "False" in page.locator("main").inner_text()
    markup = json.loads(page.locator('script[type="application/ld+json"]').first.inner_text())
    assert markup["@type"] == "ClaimReview"
    assert markup["reviewRating"]["alternateName"] == "False"

    page.get_by_role("link", name="See this quote highlighted in the source").first.click()
    page.wait_for_url("**/sources/**#statement-*")
    fragment = page.url.rsplit("#", 1)[1]
    target = page.locator(f"mark#{fragment}")
    assert target.is_visible()
    assert page.evaluate("document.querySelector(':target').id") == fragment
    assert "genocide" in target.inner_text()
    # :target styling sets the highlighted quote apart from the other quotes.
    target_style = target.evaluate("el => getComputedStyle(el).outlineStyle")
    assert target_style != "none"


def test_keyboard_only_reader_skips_to_content_and_searches(page, live_server, seeded):
    """The first Tab reaches the skip link; search and results work without a mouse."""
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Tab forward to the home search box, type, submit with Enter.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "q":
            break
    assert page.evaluate("document.activeElement.name") == "q"
    page.keyboard.type("false flag")
    page.keyboard.press("Enter")
    page.wait_for_url("**/claims/?q=false+flag")
    assert "false-flag" in page.locator("main").inner_text().lower()

    # Focus is visible: the focused link gets an outline.
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_claim_page_fits_a_320px_screen(browser, live_server, seeded):
    """At 320 px wide the claim page needs no horizontal scrolling."""
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/claims/ongoing-genocide-in-donbas/")
    assert page.get_by_role("heading", level=1).inner_text() == GENOCIDE
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
    context.close()


def test_screenshot_of_the_genocide_claim_page(page, live_server, seeded, tmp_path):
    """The seed claim page renders in full; `make screenshots` keeps the image in docs/."""
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1000, "height": 900})
    page.goto(live_server.url + "/claims/ongoing-genocide-in-donbas/")
    shot = folder / "claim-genocide-in-donbas.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
