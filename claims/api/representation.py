"""Read representations made by one serializer per class and thread.

A DRF serializer builds its fields, and its nested serializers theirs, when it
is first used: for a claim's detail that was two thirds of serialising it (about
2 ms of a read's 10). The fields depend on the class alone and writing a
representation changes nothing in them, so each thread keeps one serializer per
read class and hands it each instance; the request's context is set on it per
call, as a new serializer would get it.
"""

from __future__ import annotations

import threading

from rest_framework import serializers

_kept = threading.local()


def representation(serializer_class: type[serializers.Serializer], instance, context=None):
    """``serializer_class(instance, context=context).data``, without building fields."""
    kept = _kept.__dict__.setdefault("serializers", {})
    serializer = kept.get(serializer_class)
    if serializer is None:
        serializer = kept[serializer_class] = serializer_class()
    serializer._context = context or {}
    try:
        return serializer.to_representation(instance)
    finally:
        serializer._context = {}  # no request outlives its response
