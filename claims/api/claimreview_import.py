"""POST /api/v1/claimreview/import/: other fact-checkers' ClaimReview in, a report out.

The API face of ``manage.py import_claimreview``: the body is the JSON a feed
holds (one ClaimReview, a list, an ``@graph`` or a data feed), handed whole to
``claims.interop.claimreview_import``, and the answer is its report: how many
records were imported, updated, left unchanged or refused, and why each refused
one was. A record that cannot be imported is part of a successful answer (200),
not an error: the others are imported all the same. Bodies are limited to
``DATA_UPLOAD_MAX_MEMORY_SIZE`` (413 beyond); larger feeds go through the command.

Only editors may import: writing claims, verdicts, actors, sources and
statements needs the permission to add each (the admin's own permissions).
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import interop, services
from claims.exceptions import WorkflowError
from claims.models import Claim, PublicationStatus, Review

#: Every permission an import may use.
IMPORT_PERMISSIONS = (
    "claims.add_claim",
    "claims.add_review",
    "claims.change_review",
    "claims.add_actor",
    "claims.add_source",
    "claims.add_statement",
)


class MayImportClaimReview(BasePermission):
    """Authenticated (else 401) and holding every permission an import writes with (else 403)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perms(IMPORT_PERMISSIONS))


class ImportOptionsSerializer(serializers.Serializer):
    publish = serializers.BooleanField(
        default=False,
        help_text="Publish the imported claims and verdicts (default: drafts for an editor).",
    )
    dry_run = serializers.BooleanField(
        default=False, help_text="Report what would happen; write nothing."
    )


class RecordOutcomeSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Position of the record in the body, from 1.")
    status = serializers.ChoiceField(choices=list(interop.STATUSES))
    url = serializers.CharField(allow_blank=True, help_text="The review's URL, when it has one.")
    reason = serializers.CharField(
        required=False, help_text='Why it was refused, in short ("missing url", "too long"...).'
    )
    detail = serializers.CharField(required=False, help_text="Exactly what was wrong.")
    warnings = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="What was imported with reservations (an appearance left out...).",
    )


class ImportReportSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    total = serializers.IntegerField(help_text="Records found in the body.")
    imported = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    refused = serializers.IntegerField()
    refused_by_reason = serializers.DictField(child=serializers.IntegerField())
    with_warnings = serializers.IntegerField()
    records = RecordOutcomeSerializer(
        many=True, help_text="The refused records and those with warnings (the others are counted)."
    )


class ClaimReviewImportView(APIView):
    permission_classes = [MayImportClaimReview]

    @extend_schema(
        summary="Import ClaimReview JSON-LD (one item, a list, an @graph or a data feed)",
        description="Each record becomes a claim, its author's statement where it appeared and "
        "the fact-checker's verdict, matched by the review's URL (importing the same records "
        "again changes nothing). Records that cannot be imported are listed with the reason; "
        "they never stop the others.",
        parameters=[ImportOptionsSerializer],
        request=OpenApiTypes.ANY,
        responses={200: ImportReportSerializer},
    )
    def post(self, request, *args, **kwargs):
        options = ImportOptionsSerializer(data=request.query_params)
        options.is_valid(raise_exception=True)
        if options.validated_data["publish"]:
            # Publishing on import is the publisher's step, as everywhere else.
            for model in (Claim, Review):
                try:
                    services.workflow_check(
                        user=request.user,
                        model=model,
                        current=None,
                        to=PublicationStatus.PUBLISHED,
                    )
                except WorkflowError as error:
                    error.field = "publish"
                    raise
        report = interop.claimreview_import(
            document=request.data,
            publish=options.validated_data["publish"],
            dry_run=options.validated_data["dry_run"],
        )
        return Response(ImportReportSerializer(report.as_dict()).data)
