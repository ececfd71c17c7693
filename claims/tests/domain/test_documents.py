"""Reading documents: HTML main content, Markdown, plain text, refusals; no database."""

import datetime

import pytest

from claims.domain.documents import (
    DocumentRefused,
    duplicate_form,
    fingerprint,
    from_file,
    from_html,
    from_markdown,
    normalise_url,
)

BODY = (
    "Russian lawmakers on Tuesday voted to recognize Ukraine's breakaway regions as independent "
    "states amid tensions with the West. “Kyiv is not observing the Minsk agreements,” Volodin "
    "wrote on social media. Russia denies any invasion plans and has accused the West of hysteria."
)
PAGE = f"""<html><head><title>Lawmakers vote | Daily Example</title>
<meta property="og:site_name" content="Daily Example">
<meta property="og:title" content="Russian lawmakers urge Putin to recognize regions">
<meta property="article:published_time" content="2022-02-15T10:00:00Z">
<link rel="canonical" href="https://daily.example.org/world/lawmakers"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | Subscribe now</nav>
<article><h1>Russian lawmakers urge Putin to recognize regions</h1><p>{BODY}</p>
<p>The move could further inflame a wider standoff over a Russian military buildup near Ukraine
that has fuelled Western fears that Moscow could attack.</p></article>
<footer>Copyright 2022 Daily Example. All rights reserved. Share on Facebook.</footer>
</body></html>"""


def test_html_is_reduced_to_the_article_with_its_metadata():
    """Navigation and footer go; title, publisher, date and canonical URL are read."""
    document = from_html(PAGE)

    assert "Kyiv is not observing the Minsk agreements" in document.text
    assert "Subscribe now" not in document.text
    assert "All rights reserved" not in document.text
    assert document.title == "Russian lawmakers urge Putin to recognize regions"
    assert document.publisher == "Daily Example"
    assert document.published_on == datetime.date(2022, 2, 15)
    assert document.url == "https://daily.example.org/world/lawmakers"


def test_markdown_loses_its_markup_and_keeps_front_matter():
    """Front matter gives metadata, the first heading the title, links keep their words."""
    markdown = (
        "---\ntitle: Lawmakers vote\npublisher: Example Wire\ndate: 2022-02-15\n"
        "url: https://wire.example.org/a\n---\n# Ignored heading\n\n"
        f"**Moscow** — {BODY} See [the resolution](https://duma.example/r) for *details*.\n"
    )
    document = from_markdown(markdown)

    assert document.title == "Lawmakers vote"
    assert document.publisher == "Example Wire"
    assert document.published_on == datetime.date(2022, 2, 15)
    assert document.text.startswith("Ignored heading\n")
    assert "Moscow — Russian lawmakers" in document.text
    assert "See the resolution for details." in document.text
    assert "**" not in document.text and "](" not in document.text


def test_plain_text_takes_its_title_from_a_heading_line():
    """A first line without a full stop is the title; the text is kept whole."""
    document = from_file("story.txt", f"Lawmakers vote on regions\n\n{BODY}\n".encode())

    assert document.title == "Lawmakers vote on regions"
    assert document.text.endswith("accused the West of hysteria.")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("scan.pdf", b"%PDF-1.4", "unsupported file type .pdf"),
        ("short.txt", b"Too short.", "too short to be an article"),
        ("binary.txt", b"\x00\x01\x02" * 100, "not text"),
        ("empty.html", b"<html><body><nav>Menu</nav></body></html>", "no article text found"),
    ],
)
def test_files_that_cannot_be_sources_are_refused_with_a_reason(name, data, reason):
    """Each refusal names what is wrong with the file."""
    with pytest.raises(DocumentRefused) as refused:
        from_file(name, data)

    assert reason in refused.value.reason


def test_duplicate_form_folds_white_space_and_quotes():
    """Smart or straight quotes and re-wrapped lines give the same fingerprint."""
    assert duplicate_form("“Kyiv”  is\nnot ‘observing’") == "\"Kyiv\" is not 'observing'"
    assert fingerprint("“Kyiv” is not\n observing") == fingerprint('"Kyiv" is not observing')
    assert fingerprint("Kyiv is observing") != fingerprint("Kyiv is not observing")


def test_urls_compare_without_scheme_case_fragment_or_trailing_slash():
    """http/https, host case, fragments and a trailing slash do not make a new URL."""
    assert normalise_url("http://News.Example.org/a/b/#top") == "https://news.example.org/a/b"
