"""Anchoring quotes in source text: pure functions, no database."""

import pytest

from claims.domain.anchoring import (
    CONTEXT_CHARS,
    AnchorMismatch,
    OffsetsOutOfRange,
    QuoteAmbiguous,
    QuoteNotFound,
    locate,
    reanchor,
    selector,
    verify,
)

ARTICLE = (
    "Speaking in Moscow on Tuesday, the minister repeated the line. "
    "There is an ongoing genocide in Donbas, he said, without offering evidence. "
    "Kyiv rejected the claim within the hour."
)
QUOTE = "There is an ongoing genocide in Donbas"


# locate ---------------------------------------------------------------------


def test_locate_exact_match_returns_offsets_of_the_quote():
    """A quote pasted exactly is found at its offsets, with context on both sides."""
    anchor = locate(ARTICLE, QUOTE)

    assert (anchor.start, anchor.end) == (ARTICLE.index(QUOTE), ARTICLE.index(QUOTE) + len(QUOTE))
    assert anchor.exact == QUOTE
    assert anchor.prefix == ARTICLE[anchor.start - CONTEXT_CHARS : anchor.start]
    assert anchor.suffix == ARTICLE[anchor.end : anchor.end + CONTEXT_CHARS]


def test_locate_ignores_surrounding_whitespace_of_the_pasted_quote():
    """Spaces or a line break picked up around a pasted quote do not stop it being found."""
    anchor = locate(ARTICLE, f"  {QUOTE}\n")

    assert anchor.exact == QUOTE


def test_locate_straight_quote_matches_curly_quotes_and_keeps_the_sources_characters():
    """A quote typed with straight quotes finds the source's curly ones, and the anchor
    holds the source's curly characters."""
    text = "The ministry said: \u201cWe don\u2019t target civilians.\u201d Nobody believed it."

    anchor = locate(text, '"We don\'t target civilians."')

    assert anchor.exact == "\u201cWe don\u2019t target civilians.\u201d"
    assert text[anchor.start : anchor.end] == anchor.exact


def test_locate_curly_quote_matches_straight_quotes_in_the_source():
    """The tolerance works both ways: a curly-quoted paste finds a straight-quoted text."""
    text = 'He said "we won\'t stop" and left.'

    anchor = locate(text, "\u201cwe won\u2019t stop\u201d")

    assert anchor.exact == '"we won\'t stop"'


def test_locate_hyphen_matches_a_dash_in_the_source():
    """A hyphen typed for an em dash (or en dash) still matches, keeping the source's dash."""
    text = "The talks \u2014 held in Istanbul \u2013 ended without result."

    anchor = locate(text, "talks - held in Istanbul - ended")

    assert anchor.exact == "talks \u2014 held in Istanbul \u2013 ended"


def test_locate_three_dots_match_an_ellipsis_character():
    """Three typed dots find the source's ellipsis character."""
    text = "We will see\u2026 what happens next."

    anchor = locate(text, "We will see... what")

    assert anchor.exact == "We will see\u2026 what"
    assert (anchor.start, anchor.end) == (0, len("We will see\u2026 what"))


def test_locate_tolerates_whitespace_runs_and_line_breaks():
    """A run of spaces, tabs, line breaks or non-breaking spaces in the source matches one space
    in the quote; the anchor keeps the source's own white space."""
    text = "Intro.  The sanctions\n\n  are\u00a0working, officials\tsaid. End."

    anchor = locate(text, "The sanctions are working, officials said.")

    assert anchor.exact == "The sanctions\n\n  are\u00a0working, officials\tsaid."
    assert anchor.start == text.index("The sanctions")


def test_locate_tolerates_a_whitespace_run_in_the_quote():
    """A quote pasted with a line break finds the single-spaced source text."""
    anchor = locate(ARTICLE, "There is an ongoing\n   genocide in Donbas")

    assert anchor.exact == QUOTE


def test_locate_quote_not_in_text_raises_not_found():
    """A quote the source does not contain is refused, and the error names the quote."""
    with pytest.raises(QuoteNotFound) as error:
        locate(ARTICLE, "Sanctions are not working")

    assert error.value.quote == "Sanctions are not working"
    assert "'Sanctions are not working' does not occur" in str(error.value)


def test_locate_blank_quote_raises_not_found():
    """An empty or white-space-only quote anchors nowhere rather than at offset 0."""
    with pytest.raises(QuoteNotFound):
        locate(ARTICLE, "  \n ")


def test_locate_is_case_sensitive():
    """Case differences are not a typographic variant: a recased quote is not found."""
    with pytest.raises(QuoteNotFound):
        locate(ARTICLE, QUOTE.upper())


REPEATED = "Peskov said: no comment. Then Zakharova said: no comment. Lavrov said nothing."


def test_locate_repeated_quote_raises_ambiguous_listing_the_offsets():
    """A quote that occurs twice is refused rather than guessed, and the error lists where."""
    with pytest.raises(QuoteAmbiguous) as error:
        locate(REPEATED, "no comment")

    first = REPEATED.index("no comment")
    second = REPEATED.index("no comment", first + 1)
    assert error.value.starts == [first, second]
    assert f"occurs 2 times in the source text (at offsets {first}, {second})" in str(error.value)
    assert "a few words of the text just before or after it" in str(error.value)


def test_locate_ambiguous_offsets_are_in_the_sources_own_characters():
    """The offsets listed for a repeated quote index the original text even when white
    space runs before it were folded for matching."""
    text = "Title\n\n\n\nSpeaker one:   yes.   Speaker two:   yes."

    with pytest.raises(QuoteAmbiguous) as error:
        locate(text, "yes.")

    assert [text[s : s + 4] for s in error.value.starts] == ["yes.", "yes."]


def test_locate_prefix_picks_one_of_the_repeated_passages():
    """Giving a few words before the quote chooses the occurrence they precede."""
    anchor = locate(REPEATED, "no comment", prefix="Zakharova said: ")

    assert anchor.start == REPEATED.index("no comment", REPEATED.index("Zakharova"))


def test_locate_suffix_picks_one_of_the_repeated_passages():
    """Giving a few words after the quote chooses the occurrence they follow."""
    anchor = locate(REPEATED, "no comment", suffix=". Then")

    assert anchor.start == REPEATED.index("no comment")


def test_locate_context_tolerates_typographic_variants_too():
    """Context typed with straight quotes selects a passage whose context has curly ones."""
    text = "\u201cLies,\u201d he said. No. \u201cTruth,\u201d she said. No."

    anchor = locate(text, "No.", prefix='"Truth," she said.')

    assert anchor.start == text.rindex("No.")


def test_locate_context_matching_no_occurrence_is_still_ambiguous():
    """Context that fits none of the places does not pick one; every place is listed,
    in the source's own offsets."""
    text = "Intro\n\n\n\nA said:  yes.  B said:  yes."

    with pytest.raises(QuoteAmbiguous) as error:
        locate(text, "yes.", prefix="C said:")

    assert [text[s : s + 4] for s in error.value.starts] == ["yes.", "yes."]


def test_locate_context_matching_every_occurrence_is_still_ambiguous():
    """Context shared by all the places does not decide either."""
    with pytest.raises(QuoteAmbiguous) as error:
        locate(REPEATED, "no comment", prefix="said: ")

    assert len(error.value.starts) == 2


def test_locate_offsets_count_code_points_after_an_emoji():
    """Offsets are Python code points: an emoji (one code point, two UTF-16 units) before
    the quote counts as one character."""
    text = "\U0001f1fa\U0001f1e6 \U0001f600 Breaking: the bridge is intact. More soon."
    quote = "the bridge is intact"

    anchor = locate(text, quote)

    assert anchor.start == len("\U0001f1fa\U0001f1e6 \U0001f600 Breaking: ") == 15
    assert text[anchor.start : anchor.end] == quote


def test_locate_quote_containing_an_astral_character():
    """A quote containing an emoji is anchored with the emoji counted as one character."""
    text = "He posted: We stand \U0001f4aa together. Then logged off."

    anchor = locate(text, "We stand \U0001f4aa together.")

    assert anchor.end - anchor.start == len("We stand \U0001f4aa together.") == 20


# verify ---------------------------------------------------------------------


def test_verify_accepts_the_quote_at_its_offsets():
    """Offsets and quote that agree are accepted and returned with their context."""
    start = ARTICLE.index(QUOTE)

    anchor = verify(ARTICLE, start=start, end=start + len(QUOTE), exact=QUOTE)

    assert anchor.exact == QUOTE
    assert anchor.suffix.startswith(", he said")


def test_verify_mismatch_names_what_the_text_says():
    """A quote that differs from the text at the offsets is refused with both readings."""
    start = ARTICLE.index(QUOTE)

    with pytest.raises(AnchorMismatch) as error:
        verify(ARTICLE, start=start, end=start + 8, exact="There was")

    assert str(error.value) == (
        f"The source text at {start}-{start + 8} reads 'There is', not 'There was'."
    )


def test_verify_is_exact_to_the_letter():
    """verify does not fold typography: a straight apostrophe is not the source's curly one."""
    text = "We don\u2019t."

    with pytest.raises(AnchorMismatch):
        verify(text, start=0, end=9, exact="We don't.")


@pytest.mark.parametrize(
    ("start", "end"),
    [(5, 5), (10, 4), (-1, 3), (0, len(ARTICLE) + 1), (len(ARTICLE), len(ARTICLE) + 2)],
)
def test_verify_offsets_out_of_range_are_refused(start, end):
    """Empty, reversed, negative or past-the-end offsets are refused, naming the text length."""
    with pytest.raises(OffsetsOutOfRange) as error:
        verify(ARTICLE, start=start, end=end, exact="x")

    assert f"do not fit a text of {len(ARTICLE)} characters" in str(error.value)


# selector -------------------------------------------------------------------


def test_selector_at_the_start_of_the_text_has_no_prefix():
    """A quote opening the text has an empty prefix and a full-length suffix."""
    anchor = selector(ARTICLE, 0, 8)

    assert anchor.prefix == ""
    assert anchor.suffix == ARTICLE[8 : 8 + CONTEXT_CHARS]
    assert len(anchor.suffix) == CONTEXT_CHARS


def test_selector_at_the_end_of_the_text_has_no_suffix():
    """A quote closing the text has an empty suffix and a full-length prefix."""
    end = len(ARTICLE)

    anchor = selector(ARTICLE, end - 5, end)

    assert anchor.suffix == ""
    assert anchor.prefix == ARTICLE[end - 5 - CONTEXT_CHARS : end - 5]


def test_selector_near_the_edges_keeps_what_there_is():
    """Context is cut at the text edges, never padded or wrapped."""
    text = "abc QUOTE de"

    anchor = selector(text, 4, 9)

    assert (anchor.prefix, anchor.exact, anchor.suffix) == ("abc ", "QUOTE", " de")


def test_selector_context_length_is_configurable():
    """The context width can be chosen per call."""
    anchor = selector(ARTICLE, 100, 110, context=5)

    assert anchor.prefix == ARTICLE[95:100]
    assert anchor.suffix == ARTICLE[110:115]


def test_selector_refuses_offsets_outside_the_text():
    """A selector cannot be built past the end of the text."""
    with pytest.raises(OffsetsOutOfRange):
        selector("short", 2, 6)


# reanchor -------------------------------------------------------------------


def _stored(text: str, quote: str):
    """The selector an editor's earlier anchoring would have stored."""
    return locate(text, quote)


def test_reanchor_follows_a_correction_before_the_quote():
    """Text inserted before the quote shifts its offsets by the inserted length."""
    old = _stored(ARTICLE, QUOTE)
    corrected = ARTICLE.replace("on Tuesday", "on Tuesday 12 April")

    anchor = reanchor(corrected, exact=old.exact, prefix=old.prefix, suffix=old.suffix)

    assert anchor.start == old.start + len(" 12 April")
    assert corrected[anchor.start : anchor.end] == QUOTE


def test_reanchor_quote_removed_raises_not_found():
    """When the corrected text no longer contains the quote, it is reported as not found."""
    old = _stored(ARTICLE, QUOTE)
    corrected = ARTICLE.replace("ongoing genocide", "humanitarian crisis")

    with pytest.raises(QuoteNotFound):
        reanchor(corrected, exact=old.exact, prefix=old.prefix, suffix=old.suffix)


def test_reanchor_does_not_accept_a_typographic_look_alike():
    """Re-anchoring is exact: a quote whose apostrophe was straightened is not found."""
    text = "Intro. We don\u2019t negotiate. Outro."
    old = _stored(text, "We don\u2019t negotiate.")

    with pytest.raises(QuoteNotFound):
        reanchor(text.replace("\u2019", "'"), exact=old.exact, prefix=old.prefix, suffix=old.suffix)


def test_reanchor_duplicated_text_where_context_no_longer_decides_raises_ambiguous():
    """The article pasted twice: both copies fit the stored context, so neither is chosen."""
    old = _stored(ARTICLE, QUOTE)
    doubled = ARTICLE + ARTICLE

    with pytest.raises(QuoteAmbiguous) as error:
        reanchor(doubled, exact=old.exact, prefix=old.prefix, suffix=old.suffix)

    assert error.value.starts == [old.start, len(ARTICLE) + old.start]


def test_reanchor_duplicated_quote_with_context_matching_one_picks_that_one():
    """The quote now also appears elsewhere, but only its original place fits the stored
    context, so that place is chosen."""
    old = _stored(ARTICLE, QUOTE)
    corrected = f"Update: critics dismissed the line {QUOTE!r} as propaganda. " + ARTICLE

    anchor = reanchor(corrected, exact=old.exact, prefix=old.prefix, suffix=old.suffix)

    assert anchor.start == corrected.index(QUOTE, corrected.index("Speaking"))
    assert anchor.prefix == old.prefix and anchor.suffix == old.suffix
