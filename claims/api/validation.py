"""The models' own validation, run for API writes and reported the API's way.

``validate_model`` is the one check every write serializer makes before saving:
``Model.full_clean()``, the same code the admin runs (so a statement's quote is
anchored by ``AnchoredQuote.anchor_in`` exactly as in the admin), split in three
so each failure gets its status:

1. field validation and ``clean()``: 400, errors on the fields they name;
2. uniqueness (``unique=True`` fields and ``UniqueConstraint``): 409 naming the
   fields, checked here before the write; the database's unique indexes still
   catch two writers racing past this check (``exceptions.integrity_conflict``);
3. check constraints: 400, reported on the fields each constraint reads, so even
   a rule with no field of its own (an actor cannot be its own affiliation) names one.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers

from claims.api.exceptions import NON_FIELD, Conflict, constraint_fields, django_errors


def _unique_conflicts(instance: models.Model, exclude: set[str]) -> dict[str, list[str]]:
    model = type(instance)
    manager = model._default_manager
    others = manager.exclude(pk=instance.pk) if instance.pk is not None else manager.all()
    conflicts: dict[str, list[str]] = {}
    for field in model._meta.concrete_fields:
        if not field.unique or field.primary_key or field.name in exclude:
            continue
        value = getattr(instance, field.attname)
        if value in (None, "") or not others.filter(**{field.attname: value}).exists():
            continue
        conflicts[field.name] = [
            f"Another {model._meta.verbose_name} already has this {field.verbose_name}."
        ]
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint):
            continue
        try:
            constraint.validate(model, instance, exclude=exclude)
        except DjangoValidationError as error:
            for field in constraint_fields(constraint) or [NON_FIELD]:
                conflicts.setdefault(field, []).extend(error.messages)
    return conflicts


def _check_errors(instance: models.Model, exclude: set[str]) -> dict[str, list[str]]:
    model = type(instance)
    errors: dict[str, list[str]] = {}
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            continue
        try:
            constraint.validate(model, instance, exclude=exclude)
        except DjangoValidationError as error:
            for field in constraint_fields(constraint) or [NON_FIELD]:
                errors.setdefault(field, []).extend(error.messages)
    return errors


def validate_model(instance: models.Model, *, exclude: Iterable[str] = ()) -> None:
    """Run ``instance.full_clean()`` in three steps; raise the API error of the first that fails.

    ``full_clean`` may fill in derived values (a quote's offsets, a source's text
    hash): save ``instance`` itself, or copy them from it, after this returns.
    ``exclude`` names fields not to validate, e.g. the claim of a statement
    created in the same request as its claim.
    """
    exclude = set(exclude)
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except DjangoValidationError as error:
        raise serializers.ValidationError(django_errors(error)) from error
    conflicts = _unique_conflicts(instance, exclude)
    if conflicts:
        raise Conflict(conflicts)
    errors = _check_errors(instance, exclude)
    if errors:
        raise serializers.ValidationError(errors)
