from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from claims.admin.base import HTTPS_URLS
from claims.models import Actor, ActorAlias
from claims.models.actors import normalise_name


class AliasFormSet(forms.BaseInlineFormSet):
    """Refuse two aliases that fold to the same name, here or already stored.

    The unique constraint is on the folded column, which is not on the form, so
    Django's own unique check cannot see it; without this the database would
    refuse the save with an error page instead of a form error.
    """

    def clean(self):
        super().clean()
        seen: dict[str, str] = {}
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            name = form.cleaned_data.get("name", "")
            folded = normalise_name(name)
            if folded in seen:
                form.add_error(
                    "name",
                    ValidationError(
                        "%(name)s is the same alias as %(other)s.",
                        code="duplicate_alias",
                        params={"name": name, "other": seen[folded]},
                    ),
                )
            seen[folded] = name


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    formset = AliasFormSet
    extra = 1


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "role", "country", "affiliation", "statement_count"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "aliases__name", "role", "description"]
    autocomplete_fields = ["affiliation"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ActorAliasInline]
    formfield_overrides = HTTPS_URLS
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "role", "affiliation", "country"]}),
        ("About", {"fields": ["description", "same_as", "url"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("affiliation")
            .annotate(statement_count=Count("statements", distinct=True))
        )

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset, True if search_term else may_have_duplicates

    @admin.display(description="statements", ordering="statement_count")
    def statement_count(self, actor):
        return actor.statement_count
