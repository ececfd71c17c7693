"""manage.py import_documents: files and folders in, a summary of what happened out."""

import json

import pytest
from django.core.management import CommandError, call_command

from claims.models import Source

ARTICLE = (
    "Russian lawmakers on Tuesday voted to recognize Ukraine's breakaway regions as independent "
    "states amid tensions with the West. “Kyiv is not observing the Minsk agreements,” Volodin "
    "wrote on social media. Russia denies any invasion plans and has accused the West of hysteria."
)
PAGE = """<html><head><title>Blinken scraps meeting | The Example</title>
<meta property="og:site_name" content="The Example">
<meta property="og:title" content="Blinken scraps meeting with Lavrov">
<meta property="article:published_time" content="2022-02-22">
<link rel="canonical" href="https://example.org/blinken-lavrov"></head>
<body><nav>Home | Politics | Subscribe</nav><article><h1>Blinken scraps meeting with Lavrov</h1>
<p>Secretary of State Antony Blinken said Tuesday he would not go through with meeting Russian
Foreign Minister Sergey Lavrov after Russia sent troops into eastern Ukraine.</p>
<p>“Now that we see the invasion is beginning, it does not make sense to go forward with that
meeting at this time,” Blinken said in remarks from the State Department.</p></article>
<footer>All rights reserved.</footer></body></html>"""
MARKDOWN = (
    "---\ntitle: Peskov on the appeal\npublisher: Wire\n---\n\n"
    f"{ARTICLE.replace('Russian', 'The Russian', 1)} *Peskov* declined to comment.\n"
)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "a.txt").write_text(f"Lawmakers vote on regions\n\n{ARTICLE}\n", encoding="utf-8")
    (tmp_path / "b.html").write_text(PAGE, encoding="utf-8")
    sub = tmp_path / "more"
    sub.mkdir()
    (sub / "c.md").write_text(MARKDOWN, encoding="utf-8")
    (sub / "scan.pdf").write_bytes(b"%PDF-1.4 not an article")
    return tmp_path


def run(*args, **kwargs):
    from io import StringIO

    out = StringIO()
    call_command("import_documents", *args, stdout=out, stderr=StringIO(), **kwargs)
    return out.getvalue()


@pytest.mark.django_db
def test_imports_txt_html_and_md_files_of_a_folder(folder):
    """Each readable file becomes a source, HTML with its metadata and article text only."""
    output = run(str(folder))

    assert "3 added, 0 skipped as duplicates, 1 refused" in output
    page = Source.objects.get(url="https://example.org/blinken-lavrov")
    assert page.title == "Blinken scraps meeting with Lavrov"
    assert page.publisher == "The Example"
    assert str(page.published_on) == "2022-02-22"
    assert "Subscribe" not in page.text
    assert Source.objects.get(title="Lawmakers vote on regions").date_precision == "unknown"
    assert Source.objects.get(title="Peskov on the appeal").publisher == "Wire"


@pytest.mark.django_db
def test_refused_files_are_listed_with_their_reason(folder):
    """A file of another type is not skipped silently: the summary says why."""
    output = run(str(folder))

    assert "refused" in output
    assert "scan.pdf: unsupported file type .pdf" in output


@pytest.mark.django_db
def test_reimporting_a_folder_adds_nothing(folder):
    """The second run reports every readable file as a duplicate and writes nothing."""
    run(str(folder))
    before = Source.objects.count()

    output = run(str(folder))

    assert Source.objects.count() == before
    assert "0 added, 3 skipped as duplicates, 1 refused" in output


@pytest.mark.django_db
def test_same_text_with_other_quotes_and_line_breaks_is_a_duplicate(tmp_path):
    """Smart quotes straightened and lines re-wrapped do not make a new article."""
    (tmp_path / "one.txt").write_text(ARTICLE, encoding="utf-8")
    run(str(tmp_path / "one.txt"))
    copy = ARTICLE.replace("“", '"').replace("”", '"').replace(". ", ".\n")
    (tmp_path / "two.txt").write_text(copy, encoding="utf-8")

    result = json.loads(run(str(tmp_path / "two.txt"), json=True))

    assert result[0]["status"] == "duplicate"
    assert "same text as" in result[0]["reason"]


@pytest.mark.django_db
def test_same_url_is_a_duplicate(tmp_path, source):
    """A saved page whose URL is already a source's is not imported again."""
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")

    result = json.loads(run(str(tmp_path / "page.html"), url=source.url + "/", json=True))

    assert result[0]["status"] == "duplicate"
    assert result[0]["source"] == source.slug


@pytest.mark.django_db
def test_dry_run_writes_nothing(folder):
    """--dry-run reports what would be added."""
    output = run(str(folder), dry_run=True)

    assert "[dry run] 3 added" in output
    assert Source.objects.count() == 0


@pytest.mark.django_db
def test_missing_path_is_an_error(tmp_path):
    """A path that does not exist stops the command before anything is imported."""
    with pytest.raises(CommandError, match="No such file or folder"):
        run(str(tmp_path / "nope"))
