"""POST /api/v1/documents/: adding a source from pasted text, saved HTML, Markdown or
an uploaded file, with duplicates refused as 409 and bad documents as 400."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Source
from claims.tests.api.conftest import API, assert_error

ARTICLE = (
    "Russia denies any invasion plans, the Kremlin said on Tuesday. "
    "“We have no intention of attacking anyone,” spokesman Dmitry Peskov told reporters. "
    "Western officials said satellite images showed more troops near the border, not fewer. "
    "The foreign ministry accused the West of hysteria and said talks could continue."
)
PAGE = f"""<!doctype html><html><head><title>Kremlin denies plans | Example Wire</title>
<meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="2022-02-15T10:00:00Z"></head>
<body><nav>Home | World | Sport</nav><article><h1>Kremlin denies invasion plans</h1>
<p>{ARTICLE}</p><p>{ARTICLE.replace("Tuesday", "Wednesday")}</p></article>
<footer>Comments are closed.</footer></body></html>"""


@pytest.mark.django_db
def test_pasted_text_becomes_a_source_with_its_metadata(editor):
    """Pasted text with a title, publisher and date is stored as a new source."""
    response = editor.post(
        f"{API}/documents/",
        {
            "text": ARTICLE,
            "title": "Kremlin denies invasion plans",
            "publisher": "Example Wire",
            "published_on": "2022-02-15",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    source = Source.objects.get(slug=response.json()["source"])
    assert source.text == ARTICLE
    assert (source.publisher, source.published_on.isoformat()) == ("Example Wire", "2022-02-15")
    assert response.json()["url"] == f"{API}/sources/{source.slug}/"


@pytest.mark.django_db
def test_saved_html_is_reduced_to_the_article(editor):
    """Navigation and footer go; the article's text and its publisher stay."""
    response = editor.post(
        f"{API}/documents/",
        {"html": PAGE, "url": "https://wire.example.org/kremlin-denies"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    source = Source.objects.get()
    assert "Russia denies any invasion plans" in source.text
    assert "Home | World | Sport" not in source.text
    assert source.url == "https://wire.example.org/kremlin-denies"


@pytest.mark.django_db
def test_an_uploaded_markdown_file_is_imported(editor):
    """A .md upload (multipart) becomes a source."""
    upload = SimpleUploadedFile("briefing.md", f"# Briefing\n\n{ARTICLE}\n".encode())

    response = editor.post(f"{API}/documents/", {"file": upload}, format="multipart")

    assert response.status_code == 201, response.json()
    assert "Dmitry Peskov" in Source.objects.get().text


@pytest.mark.django_db
def test_the_same_document_twice_is_a_conflict_naming_the_first(editor):
    """Re-sending a document (even with other quote marks) is refused, nothing added."""
    first = editor.post(f"{API}/documents/", {"text": ARTICLE}, format="json")
    again = editor.post(
        f"{API}/documents/", {"text": ARTICLE.replace("“", '"').replace("”", '"')}, format="json"
    )

    body = assert_error(again, 409, "text", code="conflict")
    assert first.json()["source"] in body["message"]
    assert Source.objects.count() == 1


@pytest.mark.django_db
def test_an_unsupported_file_is_refused_with_the_reason(editor):
    """A .pdf upload is a 400 naming the file field and saying why."""
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.7 binary")

    body = assert_error(
        editor.post(f"{API}/documents/", {"file": upload}, format="multipart"), 400, "file"
    )
    assert "unsupported file type .pdf" in body["errors"]["file"][0]
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_exactly_one_input_is_required(editor):
    """Neither or two inputs is a 400 naming them."""
    assert_error(editor.post(f"{API}/documents/", {"title": "x"}, format="json"), 400, "text")
    assert_error(
        editor.post(f"{API}/documents/", {"text": ARTICLE, "html": PAGE}, format="json"),
        400,
        "html",
    )


@pytest.mark.django_db
def test_dry_run_reports_without_saving(editor):
    """dry_run answers 200 "added" and stores nothing."""
    response = editor.post(f"{API}/documents/", {"text": ARTICLE, "dry_run": True}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "added"
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_only_users_who_may_add_sources_can_import(anon, reader):
    """Anonymous is 401, a reader without permission 403."""
    assert_error(anon.post(f"{API}/documents/", {"text": ARTICLE}, format="json"), 401)
    assert_error(reader.post(f"{API}/documents/", {"text": ARTICLE}, format="json"), 403)
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_an_oversized_upload_is_a_413(editor, settings):
    """A file over the upload limit is refused as too large, not read into a source."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    upload = SimpleUploadedFile("long.txt", ((ARTICLE + "\n") * 20).encode())

    assert_error(
        editor.post(f"{API}/documents/", {"file": upload}, format="multipart"),
        413,
        code="request_too_large",
    )
    assert not Source.objects.exists()
