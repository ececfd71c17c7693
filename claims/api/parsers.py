"""The API's one request parser: JSON, size-limited, valid Unicode only.

DRF parses from the raw request stream, which skips the
``DATA_UPLOAD_MAX_MEMORY_SIZE`` check Django applies when it reads a body itself;
this parser applies it again, so an oversized body is a 413 (never read whole
into memory) rather than a memory spike.
"""

from __future__ import annotations

import json

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from claims.api.exceptions import RequestBodyTooLarge


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        request = (parser_context or {}).get("request")
        if limit is not None and request is not None and _content_length(request) > limit:
            raise RequestBodyTooLarge(limit=limit)
        raw = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(raw) > limit:
            raise RequestBodyTooLarge(limit=limit)
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = raw.decode(encoding)
            data = json.loads(text, parse_constant=self._reject_constant)
            # JSON may spell lone surrogates ("\ud800"), which no database text can hold.
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except (ValueError, UnicodeError) as error:
            raise ParseError(f"The body is not valid JSON: {error}") from error
        return data

    @staticmethod
    def _reject_constant(name: str):
        raise ValueError(f"{name} is not a JSON number")
