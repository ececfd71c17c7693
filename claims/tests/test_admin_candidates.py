"""The editors' extraction screens: import a document, extract, review candidates."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims import extraction
from claims.models import Source, StatementCandidate
from claims.tests import factories

TEXT = (
    "Russian Foreign Minister Sergei Lavrov dismissed the US allegation as “total "
    "misinformation”. Lavrov reiterated that Russia expects a written response this week.\n"
    "US Hopes To Prevent Ukraine Invasion\n"
    "German Foreign Minister Annalena Baerbock warned that <b>any</b> further escalation "
    "would come at a high price."
)


@pytest.fixture
def article(db):
    lavrov = factories.ActorFactory(name="Sergey Lavrov", slug="sergey-lavrov")
    factories.ActorAliasFactory(actor=lavrov, name="Sergei Lavrov")
    source = factories.SourceFactory(text=TEXT)
    extraction.statement_candidates_extract(source=source)
    return source


def review_url(source):
    return reverse("admin:claims_source_candidates", args=[source.pk])


def pending(source):
    return list(StatementCandidate.objects.filter(source=source).order_by("start"))


def form_data(source, **overrides):
    """The review form as the browser posts it, every candidate with its initial values."""
    data = {}
    for c in pending(source):
        prefix = f"c{c.pk}"
        data.update(
            {
                f"{prefix}-claim": str(c.matches[0]["claim"]) if c.matches else "",
                f"{prefix}-other_claim": "",
                f"{prefix}-new_claim_text": "",
                f"{prefix}-actor": c.actor_id or "",
                f"{prefix}-new_actor_name": "" if c.actor_id else c.speaker_name,
                f"{prefix}-stance": c.stance,
                f"{prefix}-exact": c.exact,
            }
        )
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_review_screen_highlights_candidates_escaped(admin_client_editor, article):
    """The text shows each candidate marked, boilerplate greyed, and markup escaped."""
    response = admin_client_editor.get(review_url(article))

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<mark") == 3
    assert 'class="ct-boilerplate"' in page
    assert "&lt;b&gt;any&lt;/b&gt;" in page
    assert "<b>any</b>" not in page
    assert "Annalena Baerbock" in page and "(new actor)" in page


@pytest.mark.django_db
def test_source_change_page_links_to_the_review_screen(admin_client_editor, article):
    """The source's page has a "Review statement candidates" link."""
    response = admin_client_editor.get(reverse("admin:claims_source_change", args=[article.pk]))

    assert review_url(article) in response.content.decode()


@pytest.mark.django_db
def test_accept_into_an_existing_claim(admin_client_editor, article, editor_user):
    """Accepting with a chosen claim creates the anchored statement."""
    claim = factories.ClaimFactory(text="Russia is plotting a false-flag operation")
    first = pending(article)[0]
    data = form_data(article, **{f"c{first.pk}-other_claim": claim.pk})

    response = admin_client_editor.post(
        review_url(article), {**data, "action": f"accept:{first.pk}"}
    )

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "accepted"
    assert first.statement.claim == claim
    assert first.statement.exact == first.exact
    assert first.reviewed_by == editor_user


@pytest.mark.django_db
def test_accept_into_a_new_claim(admin_client_editor, article):
    """Choosing "a new claim" with its wording creates the claim and the statement."""
    baerbock = pending(article)[2]
    data = form_data(
        article,
        **{
            f"c{baerbock.pk}-claim": "new",
            f"c{baerbock.pk}-new_claim_text": "Further escalation will cost Russia dearly",
        },
    )

    admin_client_editor.post(review_url(article), {**data, "action": f"accept:{baerbock.pk}"})

    baerbock.refresh_from_db()
    assert baerbock.status == "accepted"
    assert baerbock.claim.text == "Further escalation will cost Russia dearly"
    assert baerbock.statement.actor.name == "Annalena Baerbock"


@pytest.mark.django_db
def test_accept_without_a_claim_shows_an_error_and_changes_nothing(admin_client_editor, article):
    """No claim chosen: the editor is told, the candidate stays pending."""
    first = pending(article)[0]
    data = form_data(article, **{f"c{first.pk}-claim": ""})

    response = admin_client_editor.post(
        review_url(article), {**data, "action": f"accept:{first.pk}"}, follow=True
    )

    assert "Choose a claim" in response.content.decode()
    first.refresh_from_db()
    assert first.status == "pending"


@pytest.mark.django_db
def test_reject_one(admin_client_editor, article):
    """Rejecting records the decision and creates no statement."""
    first = pending(article)[0]

    admin_client_editor.post(
        review_url(article), {**form_data(article), "action": f"reject:{first.pk}"}
    )

    first.refresh_from_db()
    assert first.status == "rejected"
    assert article.statements.count() == 0


@pytest.mark.django_db
def test_bulk_accept_and_bulk_reject(admin_client_editor, article):
    """Selected candidates are decided together; the others are left pending."""
    claim = factories.ClaimFactory()
    first, second, third = pending(article)
    data = form_data(
        article,
        **{
            f"c{first.pk}-selected": "on",
            f"c{first.pk}-other_claim": claim.pk,
            f"c{second.pk}-selected": "on",
            f"c{second.pk}-other_claim": claim.pk,
        },
    )

    admin_client_editor.post(review_url(article), {**data, "action": "bulk_accept"})
    admin_client_editor.post(
        review_url(article),
        {**form_data(article), f"c{third.pk}-selected": "on", "action": "bulk_reject"},
    )

    statuses = [c.status for c in pending(article)]
    assert statuses == ["accepted", "accepted", "rejected"]
    assert claim.statements.count() == 2


@pytest.mark.django_db
def test_save_edits_then_re_extract_keeps_them(admin_client_editor, article):
    """An edited stance survives "Extract again", as do decisions."""
    first, second, _ = pending(article)
    data = form_data(article, **{f"c{second.pk}-stance": "denies"})
    admin_client_editor.post(review_url(article), {**data, "action": f"save:{second.pk}"})
    admin_client_editor.post(
        review_url(article), {**form_data(article), "action": f"reject:{first.pk}"}
    )

    admin_client_editor.post(review_url(article), {"action": "extract"})

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.stance, second.edited) == ("rejected", "denies", True)
    assert StatementCandidate.objects.filter(source=article).count() == 3


@pytest.mark.django_db
def test_extract_action_on_the_source_list(admin_client_editor, db):
    """The list's action proposes candidates for the selected sources."""
    source = factories.SourceFactory(text=TEXT)

    response = admin_client_editor.post(
        reverse("admin:claims_source_changelist"),
        {"action": "extract_statement_candidates", "_selected_action": [source.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert StatementCandidate.objects.filter(source=source).count() == 3
    assert "Review them at" in response.content.decode()


@pytest.mark.django_db
def test_import_pasted_text(admin_client_editor):
    """Pasting text with its metadata adds a source and opens it."""
    response = admin_client_editor.post(
        reverse("admin:claims_source_import"),
        {"text": TEXT, "title": "Lavrov dismisses allegation", "publisher": "AP", "url": ""},
    )

    source = Source.objects.get(title="Lavrov dismisses allegation")
    assert response.status_code == 302
    assert response.url == reverse("admin:claims_source_change", args=[source.pk])


@pytest.mark.django_db
def test_import_uploaded_html_and_refuse_a_duplicate(admin_client_editor):
    """An uploaded page is reduced to its article; uploading it again is refused as a duplicate."""
    html = (
        "<html><head><title>Lavrov | Wire</title><meta property='og:site_name' content='Wire'>"
        f"</head><body><nav>Menu</nav><article><p>{TEXT}</p></article></body></html>"
    ).encode()

    def upload():
        return admin_client_editor.post(
            reverse("admin:claims_source_import"),
            {"file": SimpleUploadedFile("lavrov.html", html, "text/html"), "text": ""},
            follow=True,
        )

    upload()
    response = upload()

    assert Source.objects.count() == 1
    assert Source.objects.get().publisher == "Wire"
    assert "Not imported: same text as" in response.content.decode()


@pytest.mark.django_db
def test_import_refuses_an_unsupported_file_with_the_reason(admin_client_editor):
    """A PDF is refused on the form, with the reason."""
    response = admin_client_editor.post(
        reverse("admin:claims_source_import"),
        {"file": SimpleUploadedFile("scan.pdf", b"%PDF", "application/pdf"), "text": ""},
    )

    assert response.status_code == 200
    assert "unsupported file type .pdf" in response.content.decode()
    assert Source.objects.count() == 0


@pytest.mark.django_db
def test_review_screen_needs_change_permission_to_decide(client, django_user_model, article):
    """A staff member without change rights may not accept or reject."""
    user = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    client.force_login(user)

    response = client.post(review_url(article), {"action": "extract"})

    assert response.status_code == 403
