"""``POST /api/v1/documents/``: add a source from a document, as the admin's
"Import a document" page and ``manage.py import_documents`` do.

One of: pasted ``text`` (with optional title, publisher, URL and date), a saved
web page as ``html`` (reduced to the article's text, metadata read from it), a
``markdown`` text, or an uploaded ``file`` (``.txt``, ``.md``, ``.html``, as
multipart/form-data). The same service decides for all three entry points, so a
duplicate (same URL, or the same text once white space and quotes are folded)
is a 409 naming the source it repeats, and a refused document a 400 naming the
input and the reason.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import path, reverse
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import parsers, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import ingestion
from claims.api.exceptions import Conflict, RequestBodyTooLarge
from claims.api.parsers import JSONParser
from claims.api.serializers import ErrorSerializer

INPUTS = ("text", "html", "markdown", "file")


class DocumentImportSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, help_text="Pasted plain text of the document.")
    html = serializers.CharField(
        required=False, help_text="A saved web page; reduced to the article's text."
    )
    markdown = serializers.CharField(required=False, help_text="A Markdown document.")
    file = serializers.FileField(
        required=False, help_text="An uploaded .txt, .md or .html file (multipart/form-data)."
    )
    title = serializers.CharField(required=False, allow_blank=True, max_length=300)
    publisher = serializers.CharField(required=False, allow_blank=True, max_length=200)
    url = serializers.URLField(required=False, allow_blank=True, max_length=2000)
    published_on = serializers.DateField(required=False, allow_null=True)
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="Check only: report what would happen."
    )

    def validate(self, data):
        given = [name for name in INPUTS if data.get(name)]
        if len(given) != 1:
            raise ValidationError(
                {name: ["Give exactly one of text, html, markdown or file."] for name in INPUTS}
            )
        data["input"] = given[0]
        return data


class DocumentImportResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["added"], help_text='"added" (or would be, dry run).')
    source = serializers.CharField(allow_null=True, help_text="The new source's slug.")
    url = serializers.CharField(allow_null=True, help_text="The new source in this API.")
    origin = serializers.CharField()


class CanAddSources(BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.has_perm("claims.add_source"))


class DocumentImportView(APIView):
    """Add a source from pasted text, saved HTML, Markdown or an uploaded file."""

    permission_classes = [CanAddSources]
    parser_classes = [JSONParser, parsers.MultiPartParser]

    @extend_schema(
        operation_id="documents_import",
        request={
            "application/json": DocumentImportSerializer,
            "multipart/form-data": DocumentImportSerializer,
        },
        responses={
            201: DocumentImportResultSerializer,
            200: DocumentImportResultSerializer,
            400: ErrorSerializer,
            409: ErrorSerializer,
            413: ErrorSerializer,
        },
        examples=[
            OpenApiExample(
                "Pasted text",
                value={
                    "text": "Russia denies any invasion plans, the Kremlin said on Tuesday. ...",
                    "title": "Kremlin denies invasion plans",
                    "publisher": "Example Wire",
                    "published_on": "2022-02-15",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        payload = DocumentImportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        field = data["input"]
        result = self._import(field, data)
        if result.status == ingestion.DUPLICATE:
            raise Conflict(
                {field: [f"Already imported: {result.reason} ({result.source.slug})."]},
                message=f"This document is already the source {result.source.slug}.",
            )
        if result.status == ingestion.REFUSED:
            raise ValidationError({field: [f"Refused: {result.reason}."]})
        source = result.source
        return Response(
            {
                "status": "added",
                "source": source.slug if source else None,
                "url": reverse("api:source-detail", args=[source.slug]) if source else None,
                "origin": result.origin,
            },
            status=status.HTTP_201_CREATED if source else status.HTTP_200_OK,
        )

    @staticmethod
    def _import(field: str, data: dict) -> ingestion.ImportResult:
        url, dry_run = data.get("url", ""), data["dry_run"]
        if field == "text":
            return ingestion.source_import_text(
                text=data["text"],
                title=data.get("title", ""),
                publisher=data.get("publisher", ""),
                url=url,
                published_on=data.get("published_on"),
                dry_run=dry_run,
            )
        if field == "file":
            upload = data["file"]
            if upload.size > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                raise RequestBodyTooLarge(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
            return ingestion.source_import_file(
                name=upload.name, data=upload.read(), url=url, dry_run=dry_run
            )
        name = "document.html" if field == "html" else "document.md"
        return ingestion.source_import_file(
            name=name, data=data[field].encode("utf-8"), url=url, dry_run=dry_run
        )


urlpatterns = [path("documents/", DocumentImportView.as_view(), name="documents-import")]
