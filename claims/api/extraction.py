"""API for statement extraction and claim matching, under /api/v1/.

- ``GET /api/v1/match/?text=…&limit=5``: the existing claims a text most likely
  repeats or contradicts, best first, with scores (``claims.matching``). The
  public matches against published claims only; users who may see unpublished
  claims (the view or change permission) match against all of them.
- ``POST /api/v1/sources/<slug>/extract/``: propose statement candidates from the
  source's text and store them for review (``claims.extraction``); the answer
  lists every candidate of the source, decided ones included. Needs the
  permission to change sources. Candidates are reviewed in the admin.

Thin views: they validate the input, call the selector or the service, and
serialise; errors go through the API's one exception handler.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import extraction
from claims.api.permissions import sees_unpublished
from claims.api.serializers import ErrorSerializer
from claims.matching import claim_match_candidates
from claims.models import Claim, Source


class MatchQuerySerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000, help_text="The text to match, e.g. a quote.")
    limit = serializers.IntegerField(min_value=1, max_value=20, default=5, required=False)


class ClaimMatchSerializer(serializers.Serializer):
    claim = serializers.IntegerField(help_text="The claim's id.")
    slug = serializers.CharField()
    text = serializers.CharField(help_text="The claim's canonical wording.")
    status = serializers.CharField()
    score = serializers.FloatField(help_text="0 to 1; higher is a closer match.")
    via = serializers.ChoiceField(
        choices=["wording", "quote", "context"],
        help_text="What matched best: the claim's wording, a recorded quote, or its context.",
    )


class MatchResultSerializer(serializers.Serializer):
    text = serializers.CharField()
    matches = ClaimMatchSerializer(many=True)


class SpeakerSerializer(serializers.Serializer):
    mention = serializers.CharField(help_text='The words naming the speaker, e.g. "he".')
    name = serializers.CharField(help_text="The known actor's name or the proposed new name.")
    actor = serializers.IntegerField(allow_null=True, help_text="Known actor's id, if resolved.")
    resolved_by = serializers.CharField()
    new_actor = serializers.BooleanField(help_text="A new actor is proposed.")


class CandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["pending", "accepted", "rejected"])
    speaker = SpeakerSerializer()
    cue = serializers.CharField(allow_blank=True)
    stance = serializers.CharField()
    mode = serializers.CharField()
    start = serializers.IntegerField(help_text="Offset in the source text (Unicode code points).")
    end = serializers.IntegerField()
    exact = serializers.CharField()
    pattern = serializers.CharField(allow_blank=True)
    confidence = serializers.FloatField()
    matches = serializers.ListField(child=serializers.DictField())


class ExtractionResultSerializer(serializers.Serializer):
    source = serializers.CharField(help_text="The source's slug.")
    created = serializers.IntegerField()
    kept = serializers.IntegerField(help_text="Accepted, rejected or edited: left as they were.")
    removed = serializers.IntegerField(help_text="Pending candidates the text no longer supports.")
    candidates = CandidateSerializer(many=True)


class CanChangeSources(BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.has_perm("claims.change_source"))


class MatchView(APIView):
    """The claims a text most likely repeats or contradicts."""

    @extend_schema(
        operation_id="match_claims",
        parameters=[MatchQuerySerializer],
        responses={200: MatchResultSerializer, 400: ErrorSerializer},
    )
    def get(self, request):
        query = MatchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        matches = claim_match_candidates(
            text=query.validated_data["text"],
            limit=query.validated_data.get("limit", 5),
            published_only=not sees_unpublished(request.user, Claim),
        )
        return Response(
            {"text": query.validated_data["text"], "matches": [m.as_dict() for m in matches]}
        )


class ExtractView(APIView):
    """Propose statement candidates from a source and store them for review."""

    permission_classes = [CanChangeSources]

    @extend_schema(
        operation_id="sources_extract",
        request=None,
        responses={200: ExtractionResultSerializer, 404: ErrorSerializer},
    )
    def post(self, request, slug: str):
        source = get_object_or_404(Source, slug=slug)
        report = extraction.statement_candidates_extract(source=source)
        return Response(
            {
                "source": source.slug,
                "created": len(report.created),
                "kept": len(report.kept),
                "removed": report.removed,
                "candidates": [extraction.candidate_as_dict(c) for c in report.candidates],
            }
        )


urlpatterns = [
    path("match/", MatchView.as_view(), name="match"),
    path("sources/<slug:slug>/extract/", ExtractView.as_view(), name="source-extract"),
]
