from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html_join
from simple_history.admin import SimpleHistoryAdmin

from claims import selectors, services
from claims.admin.base import HTTPS_URLS
from claims.admin.workflow import ClaimPartAdminMixin, WorkflowAdminMixin, WorkflowInlineMixin
from claims.exceptions import WorkflowError
from claims.models import Claim, ClaimRelation, Evidence, PublicationStatus, Review, Statement

QUOTE_FIELDS_HELP = (
    "Paste the quote as the source has it; the offsets are found for you. If the words occur "
    "more than once, add a few words of the text just before (prefix) or after (suffix), or the "
    "start offset. Offsets count Unicode code points."
)


class StatementInline(admin.StackedInline):
    model = Statement
    extra = 0
    autocomplete_fields = ["actor", "source"]
    show_change_link = True
    fieldsets = [
        (None, {"fields": [("actor", "stance", "mode", "cue", "said_on"), "source"]}),
        (
            "Quote",
            {
                "fields": ["exact", ("prefix", "suffix"), ("start", "end")],
                "description": QUOTE_FIELDS_HELP,
            },
        ),
        ("Note", {"fields": ["note"], "classes": ["collapse"]}),
    ]
    readonly_fields = []

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "source")


class RelationInline(admin.TabularInline):
    model = ClaimRelation
    fk_name = "from_claim"
    autocomplete_fields = ["to_claim"]
    fields = ["kind", "to_claim", "note"]
    extra = 0
    verbose_name = "relation to another claim"
    verbose_name_plural = "relations to other claims (entered from this claim)"


class EvidenceInline(admin.StackedInline):
    model = Evidence
    formfield_overrides = HTTPS_URLS
    extra = 0
    autocomplete_fields = ["source"]
    fieldsets = [
        (None, {"fields": ["stance", "source", ("url", "title"), "note"]}),
        (
            "Quote from the source (optional)",
            {"fields": ["exact", ("prefix", "suffix"), ("start", "end")], "classes": ["collapse"]},
        ),
    ]


# Another fact-checker's verdict (imported from its ClaimReview) has these too.
EXTERNAL_REVIEW_FIELDS = ["reviewer", "url", "original_rating", "language"]


class ReviewInline(WorkflowInlineMixin, admin.StackedInline):
    model = Review
    extra = 0
    formfield_overrides = HTTPS_URLS
    autocomplete_fields = ["reviewer"]
    fields = [
        "status",
        "rating",
        "headline",
        "conclusion",
        "explanation",
        "author_name",
        "published_at",
        *EXTERNAL_REVIEW_FIELDS,
    ]
    readonly_fields = ["published_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "rating":
            kwargs["queryset"] = db_field.related_model.objects.select_related("scale")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RatingFilter(admin.SimpleListFilter):
    title = "verdict"
    parameter_name = "verdict"

    def lookups(self, request, model_admin):
        from claims.models import Rating

        return [(r.slug, r.label) for r in Rating.objects.filter(scale__is_default=True)] + [
            ("none", "No published verdict")
        ]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.exclude(reviews__status=PublicationStatus.PUBLISHED)
        if self.value():
            return queryset.filter(
                reviews__status=PublicationStatus.PUBLISHED, reviews__rating__slug=self.value()
            ).distinct()
        return queryset


@admin.register(Claim)
class ClaimAdmin(WorkflowAdminMixin, SimpleHistoryAdmin):
    list_display = ["text", "status", "statement_count", "first_seen", "last_seen", "updated_at"]
    list_filter = ["status", RatingFilter, "topics"]
    search_fields = ["text", "slug", "context", "statements__exact"]
    prepopulated_fields = {"slug": ["text"]}
    filter_horizontal = ["topics"]
    readonly_fields = ["first_seen", "last_seen", "published_at", "relations_from_other_claims"]
    inlines = [StatementInline, RelationInline, EvidenceInline, ReviewInline]
    actions = ["send_to_review", "publish", "unpublish"]
    transition = staticmethod(lambda claim, **kw: services.claim_transition(claim=claim, **kw))
    fieldsets = [
        (None, {"fields": ["text", "slug", "status", "topics", "context"]}),
        ("Derived", {"fields": ["first_seen", "last_seen", "published_at"]}),
        ("Seen from other claims", {"fields": ["relations_from_other_claims"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(statement_count=Count("statements"))

    # ------------------------------------------------ the desk's views

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "dashboard/",
                self.admin_site.admin_view(self.dashboard_view),
                name="{}_{}_dashboard".format(*info),
            ),
            path(
                "<int:object_id>/activity/",
                self.admin_site.admin_view(self.activity_view),
                name="{}_{}_activity".format(*info),
            ),
            *super().get_urls(),
        ]

    def activity_view(self, request, object_id):
        """Every change to the claim and to what hangs off it, newest first."""
        claim = self.get_object(request, str(object_id))
        if claim is None or not self.has_view_or_change_permission(request, claim):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "claim": claim,
            "title": f"Activity: {claim}",
            "entries": selectors.claim_activity(claim=claim),
        }
        return TemplateResponse(request, "admin/claims/claim/activity.html", context)

    def dashboard_view(self, request):
        """What waits for review, what changed lately, and claims with no verdict yet."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Editors' dashboard",
            **selectors.editor_dashboard(),
        }
        return TemplateResponse(request, "admin/claims/claim/dashboard.html", context)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset, True if search_term else may_have_duplicates

    @admin.display(description="statements", ordering="statement_count")
    def statement_count(self, claim):
        return claim.statement_count

    @admin.display(description="relations entered from the other claim")
    def relations_from_other_claims(self, claim):
        if claim.pk is None:
            return "-"
        incoming = claim.relations_to.select_related("from_claim")
        if not incoming:
            return "None."
        return format_html_join(
            "",
            '<p><a href="../../{}/change/">{}</a> {} this claim</p>',
            ((r.from_claim_id, r.from_claim, r.get_kind_display()) for r in incoming),
        )


@admin.register(Statement)
class StatementAdmin(ClaimPartAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "claim", "source", "stance", "mode", "said_on", "anchor_status"]
    list_filter = ["stance", "mode", "anchor_status", "source"]
    search_fields = ["exact", "actor__name", "actor__aliases__name", "claim__text", "cue"]
    autocomplete_fields = ["claim", "actor", "source"]
    list_select_related = ["actor", "claim", "source"]
    readonly_fields = ["anchor_status"]
    fieldsets = [
        (None, {"fields": ["claim", ("actor", "stance", "mode", "cue", "said_on"), "source"]}),
        (
            "Quote",
            {
                "fields": ["exact", ("prefix", "suffix"), ("start", "end"), "anchor_status"],
                "description": QUOTE_FIELDS_HELP,
            },
        ),
        ("Note", {"fields": ["note"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset, True if search_term else may_have_duplicates


@admin.register(ClaimRelation)
class ClaimRelationAdmin(ClaimPartAdminMixin, SimpleHistoryAdmin):
    list_display = ["from_claim", "kind", "to_claim"]
    list_filter = ["kind"]
    search_fields = ["from_claim__text", "to_claim__text", "note"]
    autocomplete_fields = ["from_claim", "to_claim"]
    list_select_related = ["from_claim", "to_claim"]


@admin.register(Evidence)
class EvidenceAdmin(ClaimPartAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "claim", "stance"]
    list_filter = ["stance"]
    search_fields = ["note", "title", "url", "claim__text", "source__title"]
    autocomplete_fields = ["claim", "source"]
    list_select_related = ["claim", "source"]
    formfield_overrides = HTTPS_URLS


@admin.register(Review)
class ReviewAdmin(WorkflowAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "headline",
        "claim",
        "rating",
        "status",
        "published_at",
        "author_name",
        "reviewer",
    ]
    list_filter = ["status", "rating__scale", "rating", ("reviewer", admin.EmptyFieldListFilter)]
    search_fields = [
        "headline",
        "conclusion",
        "explanation",
        "claim__text",
        "url",
        "original_rating",
    ]
    autocomplete_fields = ["claim", "reviewer"]
    list_select_related = ["claim", "rating", "reviewer"]
    readonly_fields = [
        "published_at",
        "approved_by",
        "approved_at",
        "retracted_at",
        "archived_at",
        "created_at",
        "updated_at",
    ]
    formfield_overrides = HTTPS_URLS
    actions = ["send_to_review", "approve", "publish", "unpublish"]
    transition = staticmethod(lambda review, **kw: services.review_transition(review=review, **kw))

    @admin.action(
        description="Approve the selected for publication (two publishers)", permissions=["change"]
    )
    def approve(self, request, queryset):
        for review in queryset:
            try:
                services.review_approve(review=review, user=request.user)
            except WorkflowError as error:
                self.message_user(request, f"“{review}”: {error.message}", messages.ERROR)
            else:
                self.message_user(request, f"“{review}” approved; another publisher publishes it.")

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)
