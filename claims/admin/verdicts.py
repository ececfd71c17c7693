from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from claims import services
from claims.exceptions import WorkflowError
from claims.models import Correction, Rating, RatingScale


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0
    fields = ["position", "label", "slug", "value", "description"]
    prepopulated_fields = {"slug": ["label"]}


@admin.register(RatingScale)
class RatingScaleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "version", "is_default"]
    readonly_fields = ["is_default"]
    inlines = [RatingInline]
    actions = ["new_version", "make_default"]

    @admin.action(description="Create a new, editable version of the selected scale")
    def new_version(self, request, queryset):
        for scale in queryset:
            new = services.rating_scale_new_version(scale=scale)
            self.message_user(request, f"Created {new}. Edit it, then make it the default.")

    @admin.action(description="Make the selected scale the default for new verdicts")
    def make_default(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one scale.", messages.ERROR)
            return
        services.rating_scale_make_default(scale=queryset.get())
        self.message_user(request, "Default scale changed.", messages.SUCCESS)


@admin.register(Rating)
class RatingAdmin(SimpleHistoryAdmin):
    list_display = ["label", "scale", "position", "value"]
    list_filter = ["scale"]
    search_fields = ["label", "description"]
    list_select_related = ["scale"]


class CorrectionForm(forms.ModelForm):
    """A correction, update or retraction of a published verdict and the verdict's new
    wording; ``services.review_correct`` keeps the old one in the correction."""

    new_rating = forms.ModelChoiceField(
        Rating.objects.select_related("scale"),
        required=False,
        help_text="For a correction or update that changes the rating; empty: unchanged.",
    )
    new_headline = forms.CharField(max_length=200, required=False)
    new_conclusion = forms.CharField(widget=forms.Textarea, required=False)
    user = None

    class Meta:
        model = Correction
        fields = ["review", "kind", "reason"]

    def clean(self):
        cleaned = super().clean()
        review = cleaned.get("review")
        if review is not None:
            try:
                services.review_correct_check(review=review, user=self.user)
            except WorkflowError as error:
                raise ValidationError({"review": error.message}, code=error.code) from error
        return cleaned


@admin.register(Correction)
class CorrectionAdmin(SimpleHistoryAdmin):
    """Corrections are made here and never edited or deleted afterwards: they are the
    public record of what the desk changed."""

    form = CorrectionForm
    list_display = ["review", "kind", "made_at", "made_by"]
    list_filter = ["kind"]
    search_fields = ["reason", "review__headline", "review__claim__text"]
    autocomplete_fields = ["review"]
    list_select_related = ["review", "made_by"]
    readonly_fields = ["made_at", "made_by", "previous_rating", "previous_headline"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        correction = services.review_correct(
            review=data["review"],
            kind=data["kind"],
            reason=data["reason"],
            user=request.user,
            rating=data.get("new_rating"),
            headline=data.get("new_headline") or None,
            conclusion=data.get("new_conclusion") or None,
        )
        obj.pk = correction.pk
        obj.__dict__.update({k: v for k, v in correction.__dict__.items() if k != "_state"})
        obj._state.adding = False
