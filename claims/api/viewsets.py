"""The API's viewsets: thin adapters between HTTP and the selectors and serializers.

Every resource is a :class:`ResourceViewSet`: ``get_queryset`` asks
``claims.api.selectors`` for what this user may see (the public: published data
only, so anything else is a 404 for them), filtering and ordering come from
``filters``, and writes go through the resource's write serializer, which runs
the model's ``full_clean()`` before saving and calls the services for what spans
rows. The HTTP rules live here once:

* every write runs in one transaction, nested rows included: all or nothing;
* a write or delete locks the row (``select_for_update``), reads it again and
  only then compares ``If-Match``, so of two clients holding the same ETag the
  second always gets a 412 instead of overwriting the first's change;
* a read answers ``If-None-Match`` with a 304;
* anonymous reads come from the cache when they can (``response_cache``).
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.urls import is_valid_path, reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import services
from claims.api import filters, selectors
from claims.api import serializers as s
from claims.api.conditional import add_etag, check_if_match, etag_for, none_match
from claims.api.permissions import sees_unpublished
from claims.api.representation import representation
from claims.api.response_cache import anonymous_read
from claims.models import (
    Actor,
    Claim,
    ClaimRelation,
    Evidence,
    Rating,
    Review,
    Source,
    Statement,
    Topic,
)

SLUG_REGEX = r"[-a-zA-Z0-9_]+"
ID_REGEX = r"[0-9]+"


class ResourceViewSet(viewsets.GenericViewSet):
    """List, read, create, replace, update and delete one model, the API's way.

    Subclasses name the model, a ``selector(everything=...)`` per representation,
    the serializers and the filters; they override nothing else.
    """

    model = None
    list_selector = None
    detail_selector = None  # defaults to list_selector
    read_serializer_class = None
    detail_serializer_class = None  # defaults to read_serializer_class
    write_serializer_class = None
    create_serializer_class = None  # defaults to write_serializer_class

    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX

    # ---------------------------------------------------------------- plumbing

    def sees_everything(self) -> bool:
        return sees_unpublished(self.request.user, self.model)

    def get_queryset(self, *, everything: bool | None = None):
        if everything is None:
            everything = self.sees_everything()
        selector = self.list_selector if self.action == "list" else self.detail_selector
        return (selector or self.list_selector)(everything=everything)

    def get_serializer_class(self):
        if self.action == "create":
            return self.create_serializer_class or self.write_serializer_class
        if self.action in ("update", "partial_update"):
            return self.write_serializer_class
        if self.action == "list":
            return self.read_serializer_class
        return self.detail_serializer_class or self.read_serializer_class

    def read_representation(self, instance):
        serializer_class = self.detail_serializer_class or self.read_serializer_class
        return representation(serializer_class, instance, self.get_serializer_context())

    def lock(self) -> None:
        """Lock the addressed row for the rest of the transaction (no-op if absent)."""
        lookup = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        list(
            self.model.objects.select_for_update()
            .filter(**{self.lookup_field: lookup})
            .values_list("pk", flat=True)
        )

    def written_response(self, instance, *, code=status.HTTP_200_OK) -> Response:
        """The written row as its writer sees it (whatever its publication state)."""
        fresh = self.get_queryset(everything=True).get(pk=instance.pk)
        data = self.read_representation(fresh)
        response = Response(data, status=code)
        if code == status.HTTP_201_CREATED:
            response["Location"] = self.request.build_absolute_uri(
                reverse(
                    f"api:{self.basename}-detail",
                    kwargs={self.lookup_field: getattr(fresh, self.lookup_field)},
                )
            )
        return add_etag(response, etag_for(data))

    # ---------------------------------------------------------------- actions

    def list(self, request, *args, **kwargs):
        def build():
            queryset = self.filter_queryset(self.get_queryset())
            page = self.paginate_queryset(queryset)
            serializer = self.get_serializer(page, many=True)
            return self.get_paginated_response(serializer.data).data

        return Response(anonymous_read(request, build))

    def retrieve(self, request, *args, **kwargs):
        def build():
            data = self.read_representation(self.get_object())
            return data, etag_for(data)

        data, etag = anonymous_read(request, build)
        if none_match(request, etag):
            return add_etag(Response(status=status.HTTP_304_NOT_MODIFIED), etag)
        return add_etag(Response(data), etag)

    def create(self, request, *args, **kwargs):
        with transaction.atomic():
            serializer = self.get_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            instance = serializer.save()
        return self.written_response(instance, code=status.HTTP_201_CREATED)

    def update(self, request, *args, partial: bool = False, **kwargs):
        with transaction.atomic():
            self.lock()
            instance = self.get_object()
            check_if_match(request, etag_for(self.read_representation(instance)))
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            instance = serializer.save()
        return self.written_response(instance)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            self.lock()
            instance = self.get_object()
            check_if_match(request, etag_for(self.read_representation(instance)))
            if self.model in s.CLAIM_PARTS:
                services.claim_part_edit_check(user=request.user, instance=instance)
            self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_destroy(self, instance) -> None:
        instance.delete()

    @extend_schema(
        summary="The row's editorial history, newest first (read-only)",
        responses=s.HistoryEntrySerializer(many=True),
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request, *args, **kwargs):
        """Every saved version of a row the user may see (the public: published rows
        only, a 404 otherwise), with each changed field's old and new value."""
        instance = self.get_object()
        entries = selectors.history_entries(instance=instance, with_users=self.sees_everything())
        page = self.paginate_queryset(entries)
        return self.get_paginated_response(s.HistoryEntrySerializer(page, many=True).data)


class ReadOnlyResourceViewSet(ResourceViewSet):
    http_method_names = ["get", "head", "options"]


# =========================================================================== resources


@extend_schema_view(
    list=extend_schema(summary="List claims (search with ?q=)"),
    create=extend_schema(
        summary="Create a claim, optionally with its statements, evidence, relations, verdicts"
    ),
)
class ClaimViewSet(ResourceViewSet):
    """Claims. The detail nests statements, relations, evidence and verdicts."""

    model = Claim
    list_selector = staticmethod(selectors.claim_list)
    detail_selector = staticmethod(selectors.claim_detail)
    read_serializer_class = s.ClaimReadSerializer
    detail_serializer_class = s.ClaimDetailSerializer
    write_serializer_class = s.ClaimWriteSerializer
    create_serializer_class = s.ClaimCreateSerializer
    filterset_class = filters.ClaimFilter
    ordering_fields = [
        "rank",
        "text",
        "first_seen",
        "last_seen",
        "published_at",
        "created_at",
        "updated_at",
    ]
    # The index's order (claims.models.Claim): a text tie-breaker would sort a whole news day.
    ordering = ["-last_seen"]

    def get_object(self):
        if self.action != "retrieve":
            return super().get_object()
        # A read of one claim: one prepared query rather than eight (claim_detail_one).
        try:
            claim = selectors.claim_detail_one(
                slug=self.kwargs[self.lookup_field], everything=self.sees_everything()
            )
        except Claim.DoesNotExist as error:
            raise Http404("No Claim matches the given query.") from error
        self.check_object_permissions(self.request, claim)
        return claim

    def perform_destroy(self, instance) -> None:
        # Once public, archived rather than deleted (a publisher's step).
        services.editorial_delete(instance=instance, user=self.request.user)


class ActorViewSet(ResourceViewSet):
    model = Actor
    list_selector = staticmethod(selectors.actor_list)
    read_serializer_class = s.ActorReadSerializer
    write_serializer_class = s.ActorWriteSerializer
    filterset_class = filters.ActorFilter
    ordering_fields = ["name", "created_at", "updated_at"]
    ordering = ["name"]


class SourceViewSet(ResourceViewSet):
    model = Source
    list_selector = staticmethod(selectors.source_list)
    detail_selector = staticmethod(selectors.source_detail)
    read_serializer_class = s.SourceReadSerializer
    detail_serializer_class = s.SourceDetailSerializer
    write_serializer_class = s.SourceWriteSerializer
    filterset_class = filters.SourceFilter
    ordering_fields = ["published_on", "title", "created_at", "updated_at"]
    ordering = ["-published_on", "title"]


class TopicViewSet(ResourceViewSet):
    model = Topic
    list_selector = staticmethod(selectors.topic_list)
    read_serializer_class = s.TopicReadSerializer
    write_serializer_class = s.TopicWriteSerializer
    filterset_class = filters.TopicFilter
    ordering_fields = ["name", "created_at", "updated_at"]
    ordering = ["name"]


class StatementViewSet(ResourceViewSet):
    model = Statement
    lookup_field = "pk"
    lookup_value_regex = ID_REGEX
    list_selector = staticmethod(selectors.statement_list)
    read_serializer_class = s.StatementReadSerializer
    write_serializer_class = s.StatementWriteSerializer
    filterset_class = filters.StatementFilter
    ordering_fields = ["said_on", "start", "created_at", "updated_at"]
    ordering = ["source_id", "start"]


class RelationViewSet(ResourceViewSet):
    model = ClaimRelation
    lookup_field = "pk"
    lookup_value_regex = ID_REGEX
    list_selector = staticmethod(selectors.relation_list)
    read_serializer_class = s.RelationReadSerializer
    write_serializer_class = s.RelationWriteSerializer
    filterset_class = filters.RelationFilter
    ordering_fields = ["kind", "created_at", "updated_at"]
    ordering = ["kind"]


class EvidenceViewSet(ResourceViewSet):
    model = Evidence
    lookup_field = "pk"
    lookup_value_regex = ID_REGEX
    list_selector = staticmethod(selectors.evidence_list)
    read_serializer_class = s.EvidenceReadSerializer
    write_serializer_class = s.EvidenceWriteSerializer
    filterset_class = filters.EvidenceFilter
    ordering_fields = ["stance", "created_at", "updated_at"]
    ordering = ["stance"]


class ReviewViewSet(ResourceViewSet):
    model = Review
    lookup_field = "pk"
    lookup_value_regex = ID_REGEX
    list_selector = staticmethod(selectors.review_list)
    read_serializer_class = s.ReviewReadSerializer
    write_serializer_class = s.ReviewWriteSerializer
    filterset_class = filters.ReviewFilter
    ordering_fields = ["published_at", "created_at", "updated_at"]
    ordering = ["-published_at"]

    def perform_destroy(self, instance) -> None:
        services.editorial_delete(instance=instance, user=self.request.user)

    @extend_schema(
        summary="Approve a verdict in review for publication (CLAIMTRACK_TWO_PUBLISHERS)",
        request=None,
        responses=s.ReviewReadSerializer,
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def approve(self, request, *args, **kwargs):
        """The first publisher's agreement; a different publisher then sets status=published."""
        with transaction.atomic():
            self.lock()
            review = services.review_approve(review=self.get_object(), user=request.user)
        return self.written_response(review)

    @extend_schema(
        summary="Correct, update or retract a published verdict",
        request=s.CorrectionWriteSerializer,
        responses={201: s.CorrectionReadSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def correct(self, request, *args, **kwargs):
        """Keeps the verdict as it read before, with the date and the reason (publishers)."""
        with transaction.atomic():
            self.lock()
            review = self.get_object()
            serializer = s.CorrectionWriteSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            correction = services.review_correct(
                review=review, user=request.user, **serializer.validated_data
            )
        return Response(s.CorrectionReadSerializer(correction).data, status=201)


class RatingViewSet(ReadOnlyResourceViewSet):
    """Ratings are read-only here: a scale changes by a new version (the admin's
    action), so that published verdicts keep the wording they were given."""

    model = Rating
    lookup_field = "pk"
    lookup_value_regex = ID_REGEX
    list_selector = staticmethod(selectors.rating_list)
    read_serializer_class = s.RatingReadSerializer
    filterset_class = filters.RatingFilter
    ordering_fields = ["position", "value"]
    ordering = ["scale__slug", "-scale__version", "position"]


@extend_schema_view(
    list=extend_schema(
        summary="Published verdicts as schema.org ClaimReview (JSON-LD)",
        description="What `manage.py export_claimreview` exports, paginated: each published "
        "claim's current verdict of ours, exactly as the claim's public page embeds it, and "
        "the other fact-checkers' verdicts we hold, each with its own page. Oldest first; "
        "poll with ?updated_since= for what changed.",
        responses=s.ClaimReviewSerializer(many=True),
    )
)
class ClaimReviewViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The feed aggregators read: ClaimReview markup, paginated, public."""

    model = Review
    filterset_class = filters.ClaimReviewFilter
    filter_backends = [DjangoFilterBackend]
    serializer_class = s.ClaimReviewSerializer

    def get_queryset(self):
        return selectors.claimreview_verdicts()

    def list(self, request, *args, **kwargs):
        verdicts = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        items = selectors.claimreview_items(
            verdicts=verdicts, base_url=request.build_absolute_uri("/")
        )
        return self.get_paginated_response(items)


class NotFoundView(APIView):
    """Any other path under /api/v1/: a 404 in the API's error shape, whatever the method."""

    schema = None  # not an endpoint: left out of the OpenAPI schema
    permission_classes = [AllowAny]

    def http_method_not_allowed(self, request, *args, **kwargs):
        # Django's APPEND_SLASH redirect never happens here (this view matches every
        # path): say what the address should be instead, for every method alike.
        if not request.path.endswith("/") and is_valid_path(f"{request.path}/"):
            raise NotFound(
                f"There is no API endpoint at this address; API paths end with a "
                f"slash: {request.path}/"
            )
        raise NotFound("There is no API endpoint at this address.")

    options = http_method_not_allowed
