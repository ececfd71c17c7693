"""What the admin's change forms post, for tests that edit a row as an editor would."""


def source_form(source, **overrides) -> dict:
    """The source's change form as the admin fills it in, with ``overrides`` typed in."""
    return {
        "title": source.title,
        "slug": source.slug,
        "publisher": source.publisher,
        "url": source.url,
        "kind": source.kind,
        "language": source.language,
        "published_on": str(source.published_on or ""),
        "date_precision": source.date_precision,
        "text": source.text,
        **overrides,
    }
