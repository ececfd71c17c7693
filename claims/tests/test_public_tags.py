"""The public pages' template helpers: dates as Django's `date` filter writes them, ratings."""

from __future__ import annotations

import datetime
import html
import zoneinfo

import pytest
from django.template import engines
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

FORMATS = {
    "long_date": "j F Y",
    "short_date": "j M Y",
    "iso_date": "Y-m-d",
    "iso": "c",
}

MOMENTS = [
    # Late evening in UTC is already the next day in Kyiv: the site's zone decides.
    datetime.datetime(2022, 2, 23, 22, 30, 5, 123456, tzinfo=datetime.UTC),
    datetime.datetime(2022, 12, 31, 23, 59, tzinfo=datetime.UTC),
    datetime.date(2022, 1, 5),
    datetime.date(999, 7, 9),
    None,
    "",
]


@pytest.mark.parametrize("zone", ["UTC", "Europe/Kyiv", "America/New_York"])
@pytest.mark.parametrize("value", MOMENTS, ids=repr)
def test_each_filter_writes_what_the_date_filter_writes(settings, zone, value):
    settings.TIME_ZONE = zone
    for name, django_format in FORMATS.items():
        ours = engines["jinja2"].from_string("{{ value|" + name + " }}")
        theirs = engines["django"].from_string('{{ value|date:"' + django_format + '" }}')
        with timezone.override(zoneinfo.ZoneInfo(zone)):
            assert ours.render({"value": value}) == theirs.render({"value": value}), name


def test_a_rating_is_written_out_escaped_and_no_verdict_says_so():
    from claims.models import Rating, Review

    rating = Rating(slug="pants", label='<b>"Pants" on fire</b>')
    html = (
        engines["jinja2"]
        .from_string("{{ rating(review) }}|{{ rating(none) }}")
        .render({"review": Review(rating=rating), "none": None})
    )
    assert html == (
        '<span class="rating rating--pants"><span class="visually-hidden">Verdict: </span>'
        "&lt;b&gt;&quot;Pants&quot; on fire&lt;/b&gt;</span>|"
        '<span class="rating rating--none">No verdict yet</span>'
    )


TRUNCATED = [
    "",
    "Short",
    "x" * 10,  # exactly the length
    "x" * 11,
    "A longer sentence, cut at ten",
    "e\u0301" * 6,  # combining accents: twelve code points, six characters
    "e\u0301" * 12,
    "Cafe\u0301 noir",  # not in NFC: Django returns it composed
    '<b>"Quoted"</b> & more',
    "🙂" * 12,
    "A sentence of plain ASCII, long enough to be cut at 10 or 11",
    mark_safe("<em>Marked safe</em>, and long enough to be cut"),
]


@pytest.mark.parametrize("value", TRUNCATED)
@pytest.mark.parametrize("length", [0, 5, 10, 11, "10", "x"])
def test_truncatechars_writes_what_djangos_writes(value, length):
    """The shortcut for text that fits gives Django's answer, escaped (MarkupSafe writes a
    quote as &#34;, Django as &quot;: the same text)."""
    context = {"value": value, "length": length}
    ours = engines["jinja2"].from_string("{{ value|truncatechars(length) }}").render(context)
    theirs = engines["django"].from_string("{{ value|truncatechars:length }}").render(context)
    assert html.unescape(ours) == html.unescape(theirs)
    if not isinstance(value, SafeString):
        assert "<" not in ours and '"' not in ours
