from django.contrib import admin, messages

from claims import services
from claims.models import Rating, RatingScale


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0
    fields = ["position", "label", "slug", "value", "description"]
    prepopulated_fields = {"slug": ["label"]}


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
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
class RatingAdmin(admin.ModelAdmin):
    list_display = ["label", "scale", "position", "value"]
    list_filter = ["scale"]
    search_fields = ["label", "description"]
    list_select_related = ["scale"]
