"""The admin pages an editor uses: they load, validate like the models, and refuse
what would lose editorial work, with form errors rather than server errors."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from claims import services
from claims.models import Actor, ActorAlias, Claim, ClaimRelation, Source, Statement
from claims.tests import factories
from claims.tests.admin_forms import source_form

MODELS = [
    "topic",
    "actor",
    "source",
    "claim",
    "statement",
    "claimrelation",
    "evidence",
    "review",
    "ratingscale",
    "rating",
]


def statement_form(statement_claim, actor, source, **overrides):
    data = {
        "claim": statement_claim.pk,
        "actor": actor.pk,
        "source": source.pk,
        "stance": "asserts",
        "mode": "direct",
        "cue": "said",
        "said_on": "",
        "exact": "",
        "prefix": "",
        "suffix": "",
        "start": "",
        "end": "",
        "note": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS)
def test_changelist_and_add_pages_load_for_an_editor(admin_client_editor, model, published_claim):
    """Every model's list and add page opens for a (non-superuser) editor."""
    for url in (f"/admin/claims/{model}/", f"/admin/claims/{model}/add/"):
        response = admin_client_editor.get(url)
        assert response.status_code == 200, url


@pytest.mark.django_db
def test_claim_change_page_shows_statements_relations_evidence_and_reviews(admin_client_editor):
    """The claim page carries its statements, relations, evidence and verdicts inline."""
    claim = factories.ClaimFactory(text="Russian troops are withdrawing")
    statement = factories.StatementFactory(claim=claim, exact="Troops are returning to bases.")
    other = factories.ClaimFactory(text="No withdrawal has been seen")
    factories.ClaimRelationFactory(from_claim=other, to_claim=claim)
    factories.EvidenceFactory(claim=claim, note="Satellite images show more tanks.")
    factories.ReviewFactory(claim=claim, headline="No sign of a pullback")

    response = admin_client_editor.get(reverse("admin:claims_claim_change", args=[claim.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert statement.exact in content
    assert "Satellite images show more tanks." in content
    assert "No sign of a pullback" in content
    # The relation was entered from the other claim and still shows on this one.
    assert "No withdrawal has been seen" in content


@pytest.mark.django_db
def test_claim_changelist_query_count_does_not_grow_with_claims(
    admin_client_editor, django_assert_max_num_queries
):
    """Listing claims costs a bounded number of queries however many there are."""
    for _ in range(30):
        factories.StatementFactory()
    with django_assert_max_num_queries(12):
        response = admin_client_editor.get("/admin/claims/claim/")
    assert response.status_code == 200
    assert response.context["cl"].result_count == 30


@pytest.mark.django_db
def test_adding_a_statement_by_quote_alone_finds_its_offsets(admin_client_editor, actor):
    """Given only the quote, the admin anchors it and fills the offsets."""
    source = factories.SourceFactory(text="Lavrov said: “total misinformation”. Then he left.")
    claim = factories.ClaimFactory()

    response = admin_client_editor.post(
        "/admin/claims/statement/add/",
        statement_form(claim, actor, source, exact='"total misinformation"'),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    statement = Statement.objects.get()
    assert (statement.start, statement.end) == (13, 35)
    assert statement.exact == "“total misinformation”"
    assert source.text[statement.start : statement.end] == statement.exact


@pytest.mark.django_db
def test_adding_a_statement_with_a_bad_anchor_is_a_form_error(admin_client_editor, actor):
    """Offsets that do not hold the quote are refused on the form, and nothing is saved."""
    source = factories.SourceFactory(text="Russia denies any invasion plans, the Kremlin said.")
    claim = factories.ClaimFactory()

    response = admin_client_editor.post(
        "/admin/claims/statement/add/",
        statement_form(claim, actor, source, exact="Russia denies", start="5", end="18"),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "exact" in errors
    assert "reads" in errors["exact"][0]
    assert not Statement.objects.exists()


@pytest.mark.django_db
def test_an_ambiguous_quote_asks_for_context_and_context_resolves_it(admin_client_editor, actor):
    """A quote found twice is refused with a request for context; a prefix settles it."""
    source = factories.SourceFactory(
        text="Blinken said diplomacy. Later Lavrov said diplomacy. Nobody agreed."
    )
    claim = factories.ClaimFactory()

    refused = admin_client_editor.post(
        "/admin/claims/statement/add/", statement_form(claim, actor, source, exact="said diplomacy")
    )
    assert refused.status_code == 200
    message = refused.context["adminform"].form.errors["exact"][0]
    assert "occurs 2 times" in message and "before or after" in message
    assert not Statement.objects.exists()

    accepted = admin_client_editor.post(
        "/admin/claims/statement/add/",
        statement_form(claim, actor, source, exact="said diplomacy", prefix="Later Lavrov"),
    )
    assert accepted.status_code == 302
    assert Statement.objects.get().start == source.text.index("said diplomacy", 20)


@pytest.mark.django_db
def test_saving_a_statement_refreshes_the_claims_seen_dates(admin_client_editor, actor):
    """A statement added in the admin moves its claim's first/last-seen dates."""
    source = factories.SourceFactory(text="He claimed there was a genocide.")
    claim = factories.ClaimFactory()

    admin_client_editor.post(
        "/admin/claims/statement/add/",
        statement_form(claim, actor, source, exact="there was a genocide", said_on="2022-02-15"),
    )

    claim.refresh_from_db()
    assert claim.first_seen.isoformat() == "2022-02-15"
    assert claim.last_seen == source.published_on


@pytest.mark.django_db
def test_deleting_statements_from_the_list_moves_their_claims_seen_dates(admin_client_editor):
    """The list's "delete selected" action, like deleting one statement, takes the deleted
    statements' dates out of their claim's first and last seen."""
    early = factories.SourceFactory(text="He said: we will win.", published_on="2022-02-01")
    late = factories.SourceFactory(text="She said: we will win.", published_on="2022-02-20")
    claim = factories.ClaimFactory()
    factories.StatementFactory(claim=claim, source=early, exact="we will win", said_on=None)
    latest = factories.StatementFactory(claim=claim, source=late, exact="we will win", said_on=None)
    services.claim_refresh_dates(claims=[claim])
    assert claim.last_seen.isoformat() == "2022-02-20"

    response = admin_client_editor.post(
        reverse("admin:claims_statement_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [latest.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Statement.objects.filter(pk=latest.pk).exists()
    claim.refresh_from_db()
    assert (claim.first_seen.isoformat(), claim.last_seen.isoformat()) == (
        "2022-02-01",
        "2022-02-01",
    )


@pytest.mark.django_db
def test_source_page_highlights_quotes_and_escapes_markup(admin_client_editor):
    """Anchored quotes are highlighted in the source text, and markup in it stays text."""
    text = 'Intro <b>bold</b> then <script>alert("x")</script> and "quoted words" end.'
    source = factories.SourceFactory(text=text)
    statement = factories.StatementFactory(source=source, exact='"quoted words"')

    response = admin_client_editor.get(reverse("admin:claims_source_change", args=[source.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert '<script>alert("x")</script>' not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content
    assert f'<mark id="statement-{statement.pk}"' in content
    assert "&quot;quoted words&quot;</mark>" in content


@pytest.mark.django_db
def test_correcting_a_source_text_in_the_admin_reanchors_its_quotes(admin_client_editor):
    """Editing a source's text moves its quotes to their new offsets."""
    statement = factories.StatementFactory(exact="We will not invade.")
    source = statement.source
    new_text = "CORRECTION APPENDED. " + source.text

    response = admin_client_editor.post(
        reverse("admin:claims_source_change", args=[source.pk]), source_form(source, text=new_text)
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    statement.refresh_from_db()
    assert statement.start == new_text.index("We will not invade.")
    assert new_text[statement.start : statement.end] == statement.exact


@pytest.mark.django_db
def test_correcting_a_source_date_in_the_admin_moves_its_claims_seen_dates(admin_client_editor):
    """A claim's first and last seen count the dates of the sources quoting it: correcting
    a source's date in the admin moves them; a claim it does not quote keeps its own."""
    source = factories.SourceFactory(text="He said: we will win.", published_on="2022-02-01")
    claim = factories.ClaimFactory()
    factories.StatementFactory(claim=claim, source=source, exact="we will win", said_on=None)
    elsewhere = factories.StatementFactory(said_on="2022-01-10").claim
    services.claim_refresh_dates(claims=[claim, elsewhere])

    response = admin_client_editor.post(
        reverse("admin:claims_source_change", args=[source.pk]),
        source_form(source, published_on="2022-02-20"),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    claim.refresh_from_db()
    assert (claim.first_seen.isoformat(), claim.last_seen.isoformat()) == (
        "2022-02-20",
        "2022-02-20",
    )
    before = (elsewhere.first_seen, elsewhere.last_seen)
    elsewhere.refresh_from_db()
    assert (elsewhere.first_seen, elsewhere.last_seen) == before


@pytest.mark.django_db
def test_deleting_a_source_with_statements_is_refused(admin_client_editor, statement):
    """The admin will not delete a source that statements quote; it says why."""
    url = reverse("admin:claims_source_delete", args=[statement.source.pk])

    page = admin_client_editor.get(url)
    response = admin_client_editor.post(url, {"post": "yes"})

    assert "would require deleting the following protected related objects" in (
        page.content.decode()
    )
    assert response.status_code == 200
    assert Source.objects.filter(pk=statement.source.pk).exists()
    assert Statement.objects.filter(pk=statement.pk).exists()


@pytest.mark.django_db
def test_a_claim_cannot_be_related_to_itself_in_the_admin(admin_client_editor, draft_claim):
    """Relating a claim to itself is a form error, not a database error."""
    response = admin_client_editor.post(
        "/admin/claims/claimrelation/add/",
        {"from_claim": draft_claim.pk, "kind": "contradicts", "to_claim": draft_claim.pk},
    )

    assert response.status_code == 200
    assert "cannot be related to itself" in response.content.decode()
    assert not ClaimRelation.objects.exists()


@pytest.mark.django_db
def test_the_reverse_of_an_existing_relation_is_a_form_error(admin_client_editor):
    """B-contradicts-A is refused when A-contradicts-B exists."""
    relation = factories.ClaimRelationFactory()

    response = admin_client_editor.post(
        "/admin/claims/claimrelation/add/",
        {
            "from_claim": relation.to_claim.pk,
            "kind": "supports",
            "to_claim": relation.from_claim.pk,
        },
    )

    assert response.status_code == 200
    assert "already related" in response.content.decode()
    assert ClaimRelation.objects.count() == 1


@pytest.mark.django_db
def test_duplicate_aliases_in_one_save_are_a_form_error(admin_client_editor):
    """Two aliases that differ only in case and spacing are refused on the form."""
    data = {
        "name": "Sergey Lavrov",
        "slug": "sergey-lavrov",
        "kind": "person",
        "role": "Foreign Minister of Russia",
        "country": "RU",
        "description": "",
        "same_as": "",
        "aliases-TOTAL_FORMS": "2",
        "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
        "aliases-0-name": "Sergei Lavrov",
        "aliases-1-name": "sergei  LAVROV",
    }

    response = admin_client_editor.post("/admin/claims/actor/add/", data)

    assert response.status_code == 200
    assert "is the same alias as" in response.content.decode()
    assert not Actor.objects.exists()
    assert not ActorAlias.objects.exists()


@pytest.mark.django_db
def test_claim_search_finds_claims_by_quote(admin_client_editor):
    """Searching the claim list matches the words of the claim's quotes too."""
    statement = factories.StatementFactory(exact="an ongoing genocide in the region")
    factories.ClaimFactory(text="Something unrelated entirely")

    response = admin_client_editor.get("/admin/claims/claim/", {"q": "ongoing genocide"})

    assert [c.pk for c in response.context["cl"].result_list] == [statement.claim.pk]


@pytest.mark.django_db
def test_publish_action_publishes_and_dates_the_claim(admin_client_editor, draft_claim):
    """The publish action makes a draft public and records when."""
    response = admin_client_editor.post(
        "/admin/claims/claim/", {"action": "publish", "_selected_action": [draft_claim.pk]}
    )

    assert response.status_code == 302
    draft_claim.refresh_from_db()
    assert draft_claim.status == "published"
    assert draft_claim.published_at is not None
    assert Claim.objects.published().filter(pk=draft_claim.pk).exists()


@pytest.mark.django_db
def test_a_duplicate_source_url_is_a_readable_form_error(admin_client_editor, source):
    """A second source with the same URL is refused with a sentence, not a constraint name."""
    response = admin_client_editor.post(
        "/admin/claims/source/add/",
        {
            "title": "Copy",
            "slug": "copy",
            "publisher": "",
            "url": source.url,
            "kind": "article",
            "language": "en",
            "published_on": "2022-02-16",
            "date_precision": "approximate",
            "text": "Some other text.",
        },
    )

    assert response.status_code == 200
    assert "Another source already has this URL." in response.content.decode()
    assert Source.objects.count() == 1
