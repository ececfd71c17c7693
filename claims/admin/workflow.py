"""The editorial workflow in the admin: status changes checked by the services' rule.

The admin never decides who may publish: a form's ``status`` goes through
``services.workflow_check`` (its refusal becomes the field's error) and the
actions call the transition services (a refusal becomes an error message), so
the admin and the API enforce the same rule, defined once.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse

from claims import services
from claims.exceptions import WorkflowError
from claims.models import PublicationStatus


class WorkflowStatusForm:
    """Mixed into a model form by :func:`with_workflow`; ``workflow_user`` is set there."""

    workflow_user = None

    def clean_status(self):
        status = self.cleaned_data["status"]
        # The stored state, not the instance's: the history's revert form builds
        # the instance from an old version, whose status may differ.
        model = type(self.instance)
        current = (
            model.objects.filter(pk=self.instance.pk).values_list("status", flat=True).first()
            if self.instance.pk is not None
            else None
        )
        try:
            services.workflow_check(
                user=self.workflow_user,
                model=model,
                current=current,
                to=status,
                instance=self.instance if self.instance.pk is not None else None,
            )
        except WorkflowError as error:
            raise ValidationError(error.message, code=error.code) from error
        return status


def with_workflow(form_class, user):
    """``form_class`` whose ``status`` is checked against ``user``'s role."""
    return type(form_class.__name__, (WorkflowStatusForm, form_class), {"workflow_user": user})


class WorkflowAdminMixin:
    """For the admin of a model with a workflow ``status``: the change form checks it
    and the actions move the selected rows through ``transition`` (a service)."""

    #: ``services.<model>_transition``, called as ``transition(instance, to=, user=)``.
    transition = None

    def get_form(self, request, obj=None, **kwargs):
        return with_workflow(super().get_form(request, obj, **kwargs), request.user)

    def has_change_permission(self, request, obj=None):
        # A contributor edits drafts only; rows in review or published are shown read-only.
        if obj is not None and not services.may_edit(user=request.user, instance=obj):
            return False
        return super().has_change_permission(request, obj)

    def _move(self, request, queryset, to: str, done: str) -> None:
        moved = 0
        for obj in queryset:
            if obj.status == to:
                continue
            try:
                type(self).transition(obj, to=to, user=request.user)
            except WorkflowError as error:
                self.message_user(request, f"“{obj}”: {error.message}", messages.ERROR)
            else:
                moved += 1
        if moved:
            self.message_user(request, f"{moved} {done}.", messages.SUCCESS)

    # ------------------------------------------------ delete: archive what was public

    def get_deleted_objects(self, objs, request):
        """What was public is archived, not deleted: it alone is listed, and nothing
        that depends on it (statements, verdicts) blocks the confirmation."""
        kept = [obj for obj in objs if services.was_published(obj)]
        deleted = [obj for obj in objs if not services.was_published(obj)]
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(
            deleted, request
        )
        to_delete = [*to_delete, *(f"{obj} (published once: it will be archived)" for obj in kept)]
        return to_delete, model_count, perms_needed, protected

    def delete_model(self, request, obj):
        self._delete(request, [obj])

    def delete_queryset(self, request, queryset):
        self._delete(request, list(queryset))

    def response_delete(self, request, obj_display, obj_id):
        # The row was archived or the archiving refused (the messages say which):
        # Django's "deleted successfully" would be false, so go back to the row.
        if getattr(request, "_claimtrack_kept", False):
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj_id])
            )
        return super().response_delete(request, obj_display, obj_id)

    def _delete(self, request, objs) -> None:
        for obj in objs:
            request._claimtrack_kept = services.was_published(obj)
            try:
                if services.editorial_delete(instance=obj, user=request.user):
                    self.message_user(
                        request,
                        f"“{obj}” had been published: it is archived, not deleted.",
                        messages.WARNING,
                    )
            except WorkflowError as error:
                self.message_user(request, f"“{obj}”: {error.message}", messages.ERROR)

    # ------------------------------------------------ workflow actions

    @admin.action(description="Send the selected to review", permissions=["change"])
    def send_to_review(self, request, queryset):
        self._move(request, queryset, PublicationStatus.IN_REVIEW, "sent to review")

    @admin.action(description="Publish the selected", permissions=["change"])
    def publish(self, request, queryset):
        self._move(request, queryset, PublicationStatus.PUBLISHED, "published")

    @admin.action(description="Unpublish the selected (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        self._move(request, queryset, PublicationStatus.DRAFT, "unpublished")


class WorkflowFormSet:
    """Mixed into an inline formset: a row once published, ticked *Delete*, is archived
    (``services.editorial_delete``), and only if the user's role may archive."""

    workflow_user = None

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            obj = form.instance
            if obj.pk is None or not services.was_published(obj):
                continue
            try:
                services.workflow_check(
                    user=self.workflow_user,
                    model=type(obj),
                    current=type(obj).objects.get(pk=obj.pk).status,
                    to=PublicationStatus.ARCHIVED,
                    instance=obj,
                )
            except WorkflowError as error:
                raise ValidationError(f"“{obj}”: {error.message}", code=error.code) from error

    def delete_existing(self, obj, commit=True):
        if commit:
            services.editorial_delete(instance=obj, user=self.workflow_user)


class WorkflowInlineMixin:
    """For an inline of a model with a workflow ``status`` (verdicts on a claim's page)."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        form = with_workflow(formset.form, request.user)
        return type(
            formset.__name__,
            (WorkflowFormSet, formset),
            {"form": form, "workflow_user": request.user},
        )


class ClaimPartFormMixin:
    """Refuses, as a form error, a statement, evidence or relation change that
    ``services.claim_part_edit_check`` forbids (``workflow_user`` is set per request)."""

    workflow_user = None

    def _post_clean(self):
        super()._post_clean()
        try:
            services.claim_part_edit_check(user=self.workflow_user, instance=self.instance)
        except WorkflowError as error:
            self.add_error(None, ValidationError(error.message, code=error.code))


class ClaimPartAdminMixin:
    """For the parts of a claim's page (statements, evidence, relations): a contributor
    may work on those of draft claims only; the rest open read-only."""

    def _may_edit_part(self, request, obj) -> bool:
        try:
            services.claim_part_edit_check(user=request.user, instance=obj)
        except WorkflowError:
            return False
        return True

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (ClaimPartFormMixin, form), {"workflow_user": request.user})

    def has_change_permission(self, request, obj=None):
        if obj is not None and not self._may_edit_part(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not self._may_edit_part(request, obj):
            return False
        return super().has_delete_permission(request, obj)
