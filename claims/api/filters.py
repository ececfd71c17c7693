"""Query-string filters (django-filter) and the one ordering rule every list follows.

Each list takes the filters people ask for, by slug where the thing has one;
``updated_since`` (ISO 8601 date-time) on every list lets a client fetch only what
changed. An invalid value (a malformed date, an unknown choice) is a 400 naming
the parameter, never silently ignored.
"""

from __future__ import annotations

import datetime

import django_filters as filters
from django import forms
from django.db.models import F
from django_filters.fields import IsoDateTimeField
from rest_framework.filters import OrderingFilter

from claims.api import selectors as api_selectors
from claims.models import (
    Actor,
    Claim,
    ClaimRelation,
    Evidence,
    PublicationStatus,
    Rating,
    Review,
    Source,
    Statement,
    Topic,
)
from claims.search import more_may_match, ranking_candidate_ids

UPDATED_SINCE_HELP = "Only rows changed at or after this moment (ISO 8601, e.g. 2022-02-24T00:00Z)."


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, converted to UTC before it reaches the database.

    ISO 8601 allows offsets up to ±23:59 but PostgreSQL only up to ±15:59, and a
    date at the edge of the calendar may not survive the conversion: both are
    the client's error (400), not the database's (500).
    """

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return value
        try:
            return value.astimezone(datetime.UTC)
        except (OverflowError, ValueError) as error:
            raise forms.ValidationError(
                "This moment is outside the supported range.", code="invalid"
            ) from error


class DateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


class IntegerFilter(filters.NumberFilter):
    field_class = forms.IntegerField


class StableOrderingFilter(OrderingFilter):
    """``?ordering=field,-other`` among the view's ``ordering_fields``.

    The primary key always comes last as a tie-breaker, and empty values sort
    last either way, so that pages never overlap or skip rows. A claim search
    (``?q=``) without an explicit ordering is ranked by relevance first.
    """

    def get_ordering(self, request, queryset, view):
        explicit = request.query_params.get(self.ordering_param)
        ordering = list(super().get_ordering(request, queryset, view) or [])
        ranked = "rank" in queryset.query.annotations
        if not explicit and ranked:
            ordering = ["-rank", *ordering]
        if not ranked:
            ordering = [term for term in ordering if term.lstrip("-") != "rank"]
        return ordering

    def filter_queryset(self, request, queryset, view):
        terms = []
        ordering = self.get_ordering(request, queryset, view)
        if ordering[:1] == ["-rank"]:
            # As on the public pages: relevance among the most recent matches, looked
            # for in date windows when only published claims are searched.
            everything = getattr(view, "sees_everything", lambda: True)()
            words = request.query_params.get("q", "")
            ids = ranking_candidate_ids(queryset, q=words, windowed=not everything)
            queryset = queryset.filter(pk__in=ids)
            # Read by the pagination for ``count_capped``.
            request.more_may_match = more_may_match(ids)
        for term in ordering:
            name = term.lstrip("-")
            field = F(name)
            terms.append(
                field.desc(nulls_last=True) if term.startswith("-") else field.asc(nulls_last=True)
            )
        terms.append(F("pk").asc())
        return queryset.order_by(*terms)

    def get_schema_operation_parameters(self, view):
        fields = [name for name, _ in self.get_valid_fields(view.get_queryset(), view)]
        default = ", ".join(getattr(view, "ordering", []) or [])
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    "Comma-separated fields to sort by, '-' for descending: "
                    + ", ".join(fields)
                    + f". Default: {default or 'id'}. The id always breaks ties; "
                    "empty values sort last."
                ),
                "schema": {"type": "string"},
            }
        ]


class UpdatedSinceFilterSet(filters.FilterSet):
    updated_since = DateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text=UPDATED_SINCE_HELP
    )


class TopicFilter(UpdatedSinceFilterSet):
    class Meta:
        model = Topic
        fields = []


class ActorFilter(UpdatedSinceFilterSet):
    name = filters.CharFilter(
        method="by_name",
        help_text="A name or alias; case, accents and spacing do not count ('sergei lavrov').",
    )
    kind = filters.ChoiceFilter(choices=Actor.Kind.choices)
    country = filters.CharFilter(help_text="ISO 3166-1 alpha-2 code, e.g. RU.")
    affiliation = filters.CharFilter(
        field_name="affiliation__slug", help_text="Slug of the organisation they belong to."
    )

    class Meta:
        model = Actor
        fields = []

    def by_name(self, queryset, name, value):
        return queryset.filter(pk__in=Actor.objects.named(value).values("pk"))


class SourceFilter(UpdatedSinceFilterSet):
    kind = filters.ChoiceFilter(choices=Source.Kind.choices)
    publisher = filters.CharFilter(lookup_expr="iexact", help_text="Publisher, any case.")
    language = filters.CharFilter(help_text="BCP 47 tag, e.g. en.")
    url = filters.CharFilter(help_text="The source's original URL, exactly.")
    published_from = filters.DateFilter(
        field_name="published_on", lookup_expr="gte", help_text="Published on or after."
    )
    published_to = filters.DateFilter(
        field_name="published_on", lookup_expr="lte", help_text="Published on or before."
    )

    class Meta:
        model = Source
        fields = []


class ClaimFilter(UpdatedSinceFilterSet):
    q = filters.CharFilter(
        method="search",
        max_length=200,
        help_text='Full-text search, as on the public pages: words, "an exact phrase", '
        "-excluded, or. Searches the wording, the quotes and published verdicts; results are "
        "ranked by relevance unless ordering is given.",
    )
    status = filters.ChoiceFilter(
        choices=PublicationStatus.choices,
        help_text="Workflow state (the public only ever sees published claims).",
    )
    rating = filters.CharFilter(
        method="by_rating",
        help_text="Slug of the current verdict's rating (e.g. false), or 'unrated'.",
    )
    actor = filters.CharFilter(method="by_actor", help_text="Slug of an actor who made it.")
    topic = filters.CharFilter(method="by_topic", help_text="Slug of one of its topics.")
    source = filters.CharFilter(method="by_source", help_text="Slug of a source quoting it.")
    date_from = filters.DateFilter(
        field_name="last_seen", lookup_expr="gte", help_text="Seen (last) on or after this date."
    )
    date_to = filters.DateFilter(
        field_name="first_seen", lookup_expr="lte", help_text="Seen (first) on or before."
    )

    class Meta:
        model = Claim
        fields = []

    def search(self, queryset, name, value):
        return api_selectors.claim_filter_search(queryset, q=value) if value.strip() else queryset

    def by_rating(self, queryset, name, value):
        return api_selectors.claim_filter_rating(queryset, rating=value)

    def by_actor(self, queryset, name, value):
        return api_selectors.claim_filter_actor(queryset, slug=value)

    def by_topic(self, queryset, name, value):
        return api_selectors.claim_filter_topic(queryset, slug=value)

    def by_source(self, queryset, name, value):
        return api_selectors.claim_filter_source(queryset, slug=value)


class StatementFilter(UpdatedSinceFilterSet):
    claim = filters.CharFilter(field_name="claim__slug", help_text="Claim slug.")
    actor = filters.CharFilter(field_name="actor__slug", help_text="Actor slug.")
    source = filters.CharFilter(field_name="source__slug", help_text="Source slug.")
    stance = filters.ChoiceFilter(choices=Statement.Stance.choices)
    mode = filters.ChoiceFilter(choices=Statement.Mode.choices)
    anchor_status = filters.ChoiceFilter(
        choices=Statement._meta.get_field("anchor_status").choices,
        help_text="lost: the source's text changed and the quote could not be found again.",
    )
    said_from = filters.DateFilter(field_name="said_on", lookup_expr="gte")
    said_to = filters.DateFilter(field_name="said_on", lookup_expr="lte")

    class Meta:
        model = Statement
        fields = []


class RelationFilter(UpdatedSinceFilterSet):
    claim = filters.CharFilter(method="by_claim", help_text="Slug of a claim at either end.")
    kind = filters.ChoiceFilter(choices=ClaimRelation.Kind.choices)

    class Meta:
        model = ClaimRelation
        fields = []

    def by_claim(self, queryset, name, value):
        return queryset.filter(from_claim__slug=value) | queryset.filter(to_claim__slug=value)


class EvidenceFilter(UpdatedSinceFilterSet):
    claim = filters.CharFilter(field_name="claim__slug", help_text="Claim slug.")
    source = filters.CharFilter(field_name="source__slug", help_text="Source slug.")
    stance = filters.ChoiceFilter(choices=Evidence.Stance.choices)

    class Meta:
        model = Evidence
        fields = []


class ReviewFilter(UpdatedSinceFilterSet):
    claim = filters.CharFilter(field_name="claim__slug", help_text="Claim slug.")
    rating = filters.CharFilter(field_name="rating__slug", help_text="Rating slug, e.g. false.")
    reviewer = filters.CharFilter(
        field_name="reviewer__slug", help_text="Slug of the fact-checker of an imported verdict."
    )
    external = filters.BooleanFilter(
        field_name="reviewer",
        lookup_expr="isnull",
        exclude=True,
        help_text="true: other fact-checkers' verdicts only; false: the desk's own only.",
    )
    status = filters.ChoiceFilter(
        choices=PublicationStatus.choices,
        help_text="Workflow state (the public only ever sees published verdicts).",
    )
    published_from = DateTimeFilter(
        field_name="published_at", lookup_expr="gte", help_text="Published at or after."
    )
    published_to = DateTimeFilter(
        field_name="published_at", lookup_expr="lte", help_text="Published at or before."
    )

    class Meta:
        model = Review
        fields = []


class RatingFilter(filters.FilterSet):
    scale = filters.CharFilter(field_name="scale__slug", help_text="Scale slug.")
    version = IntegerFilter(field_name="scale__version", help_text="Scale version.")
    default = filters.BooleanFilter(
        field_name="scale__is_default", help_text="Only the default scale's ratings."
    )

    class Meta:
        model = Rating
        fields = []


class ClaimReviewFilter(filters.FilterSet):
    updated_since = DateTimeFilter(
        method="by_updated_since",
        help_text="Only ClaimReviews whose verdict, claim, statements, sources or actors "
        "changed at or after this moment (ISO 8601).",
    )

    class Meta:
        model = Review
        fields = []

    def by_updated_since(self, queryset, name, value):
        return api_selectors.claimreview_verdicts(updated_since=value)
