"""The public pages' template environment (Jinja2) and the helpers their templates call.

The public pages are Jinja2 templates (``jinja2/`` folders), the admin and the
error pages Django templates. Django's engine was half of the CPU an uncached
claim page costs (docs/PERFORMANCE.md): it resolves every variable through a
chain of lookups and renders each node as an object. Jinja2 compiles a template
to Python once. The pages must stay as safe as before: autoescaping is on (the
backend's default), and every helper here escapes what it is given.
"""

from __future__ import annotations

import datetime
import json
import unicodedata

from django.core.serializers.json import DjangoJSONEncoder
from django.template.defaultfilters import capfirst, linebreaks_filter, pluralize, truncatechars
from django.template.defaulttags import querystring as django_querystring
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import add_truncation_text, calculate_truncate_chars_length
from jinja2 import Environment, Undefined, pass_context

from claims.domain.highlighting import runs

_NO_VERDICT = '<span class="rating rating--none">No verdict yet</span>'


def rating(review) -> str:
    """A verdict's rating: the label is always written out; colour only repeats it."""
    if not review:
        return mark_safe(_NO_VERDICT)  # noqa: S308 (a constant)
    return format_html(
        '<span class="rating rating--{}"><span class="visually-hidden">Verdict: </span>{}</span>',
        review.rating.slug,
        review.rating.label,
    )


def truncate_chars(value, length):
    """Django's ``truncatechars``, without its walk over each character.

    Django counts the characters one by one (skipping combining ones) up to
    ``length``, even of text that fits: a third of an actor page's rendering,
    whose twenty quotes are mostly short, and a claim page's description. Text
    no longer than ``length`` characters, already in NFC (the form Django
    returns), is returned as it is; plain ASCII text, whose characters are its
    code points, is cut by slicing, with Django's own truncation text. Anything
    else is Django's.
    """
    if isinstance(value, str) and isinstance(length, int) and length > 0:
        if len(value) <= length and unicodedata.is_normalized("NFC", value):
            return value
        if type(value) is str and value.isascii():  # not SafeString: Django keeps it safe
            return add_truncation_text(value[: calculate_truncate_chars_length(length, None)])
    return truncatechars(value, length)


# --------------------------------------------------------------------------- dates
#
# Dates are written by these rather than Django's ``date`` filter: a claim page
# carries a score of dates, and ``date`` (a format parser and a lookup of
# localised formats per call) was a fifth of the page's rendering. Same output:
# moments are shown in the site's time zone, as Django's templates show them;
# month names in English, the pages' language (``<html lang="en">``).

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _local(value):
    """A moment in the current time zone (what Django's templates do to datetimes)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def long_date(value) -> str:
    """``date:"j F Y"``: 23 November 2026."""
    value = _local(value)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year:04d}" if value else ""


def short_date(value) -> str:
    """``date:"j M Y"``: 23 Nov 2026."""
    value = _local(value)
    return f"{value.day} {MONTHS[value.month - 1][:3]} {value.year:04d}" if value else ""


def iso_date(value) -> str:
    """``date:"Y-m-d"``: 2026-11-23, for ``<time datetime>``."""
    value = _local(value)
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}" if value else ""


def iso(value) -> str:
    """``date:"c"``: ISO 8601, with the offset for a moment, for ``<time datetime>``."""
    value = _local(value)
    return value.isoformat() if value else ""


# The same escapes as django.utils.html.json_script: inside <script> only these
# characters can end the element or open a comment, so nothing a claim or a
# source says can break out of the JSON-LD.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_for_script(value) -> str:
    """``value`` as JSON safe to put between ``<script>`` tags."""
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        _JSON_SCRIPT_ESCAPES
    )


def jsonld(value):
    """``<script type="application/ld+json">`` with ``value`` escaped like ``json_script``.

    Django's own ``json_script`` filter cannot set the type search engines read.
    """
    if not value:
        return ""
    # Safe: json_for_script leaves no character that could end the element.
    escaped = mark_safe(json_for_script(value))  # noqa: S308
    return format_html('<script type="application/ld+json">{}</script>', escaped)


def _quote_label(kind: str, quote) -> str:
    if kind == "statement":
        return f"{quote.actor} {quote.get_stance_display()}: {quote.claim}"
    return f"Evidence that {quote.get_stance_display()}: {quote.claim}"


def highlighted_text(text: str, statements, evidence=()):
    """The source text with each anchored quote in a ``<mark>`` linking to its claim.

    Statements and quoted evidence both count. The first piece of each quote
    carries ``id="statement-<pk>"`` (or ``evidence-<pk>``) so that the fragment
    scrolls to it and ``:target`` styles it. Quotes that overlap are cut into
    pieces by ``highlighting.runs``; a piece where two quotes begin gets one
    nested ``<mark>`` per quote, so each id exists once.
    """
    by_key = {("statement", s.pk): s for s in statements}
    by_key.update({("evidence", e.pk): e for e in evidence})
    pieces = runs(text, ((q.start, q.end, key) for key, q in by_key.items()))
    html = []
    for run in pieces:
        if not run.keys:
            html.append(format_html("{}", run.text))
            continue
        first = by_key[run.keys[0]]
        label = "; ".join(_quote_label(key[0], by_key[key]) for key in run.keys)
        inner = format_html(
            '<a href="{}" title="{}">{}</a>', first.claim.get_absolute_url(), label, run.text
        )
        opening = [key for key in run.keys if by_key[key].start == run.start]
        if not opening:
            inner = format_html('<mark class="quote">{}</mark>', inner)
        for kind, pk in reversed(opening):
            inner = format_html(
                '<mark class="quote quote--{}" id="{}-{}" data-claim="{}">{}</mark>',
                kind,
                kind,
                pk,
                by_key[(kind, pk)].claim.slug,
                inner,
            )
        html.append(inner)
    return format_html_join("", "{}", ((piece,) for piece in html))


@pass_context
def querystring(context, **changes) -> str:
    """The page's query string with ``changes`` made (None removes a parameter): Django's
    ``{% querystring %}``, given the request's parameters from the Jinja2 context."""
    return django_querystring(None, context["request"].GET, **changes)


def url(name: str, *args, **kwargs) -> str:
    """``{% url %}``: the path of the view named ``name``."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options) -> Environment:
    """The Jinja2 environment of the public pages (``TEMPLATES`` in the settings).

    A missing value renders as nothing with DEBUG on too (Django's backend would
    print it there, and only there): development shows what production shows.
    """
    options["undefined"] = Undefined
    env = Environment(**options)  # noqa: S701 (Django's backend turns autoescape on)
    env.globals.update(
        url=url,
        querystring=querystring,
        rating=rating,
        highlighted_text=highlighted_text,
    )
    env.filters.update(
        long_date=long_date,
        short_date=short_date,
        iso_date=iso_date,
        iso=iso,
        jsonld=jsonld,
        linebreaks=linebreaks_filter,
        truncatechars=truncate_chars,
        pluralize=pluralize,
        capfirst=capfirst,
    )
    return env
