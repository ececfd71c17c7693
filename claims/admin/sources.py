from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from claims import services
from claims.admin.base import HTTPS_URLS
from claims.admin.candidates import SourceExtractionMixin
from claims.domain.highlighting import runs
from claims.models import Source


@admin.register(Source)
class SourceAdmin(SourceExtractionMixin, SimpleHistoryAdmin):
    list_display = ["title", "publisher", "published_on", "date_precision", "kind", "quote_count"]
    list_filter = ["kind", "date_precision", "language", "publisher"]
    search_fields = ["title", "publisher", "url", "slug"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [
        "highlighted_text",
        "quoted_statements",
        "text_hash",
        "created_at",
        "updated_at",
    ]
    formfield_overrides = HTTPS_URLS
    fieldsets = [
        (None, {"fields": ["title", "slug", "publisher", "url", "url_only", "kind", "language"]}),
        ("Date", {"fields": ["published_on", "date_precision"]}),
        ("Text", {"fields": ["text", "highlighted_text", "quoted_statements"]}),
        ("Record", {"fields": ["text_hash", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(quote_count=Count("statements"))

    @admin.display(description="quotes", ordering="quote_count")
    def quote_count(self, source):
        return source.quote_count

    @admin.display(description="text with quotes highlighted")
    def highlighted_text(self, source):
        """The text with each anchored quote marked; every piece is escaped."""
        if source.pk is None:
            return "Save the source to see its quotes highlighted."
        quotes = source.statements.select_related("actor", "claim").filter(anchor_status="anchored")
        labels = {q.pk: f"#{q.pk} {q.actor} {q.get_stance_display()}: {q.claim}" for q in quotes}
        pieces = runs(source.text, ((q.start, q.end, q.pk) for q in quotes))
        body = format_html_join(
            "",
            "{}",
            (
                (
                    format_html(
                        '<mark id="statement-{}" title="{}">{}</mark>',
                        run.keys[0],
                        " | ".join(labels[k] for k in run.keys),
                        run.text,
                    )
                    if run.keys
                    else run.text,
                )
                for run in pieces
            ),
        )
        return format_html(
            '<div class="claimtrack-source-text" style="white-space: pre-wrap; max-width: 60em;">'
            "{}</div>",
            body,
        )

    @admin.display(description="statements quoted from this source")
    def quoted_statements(self, source):
        """A plain list, not an inline formset: statements are edited on their claim,
        and a formset here would be re-validated against a text being corrected."""
        if source.pk is None:
            return "-"
        quotes = source.statements.select_related("actor", "claim").order_by("start")
        if not quotes:
            return "None yet."
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                '<li><a href="{}">#{}</a> {}–{} {} {}: “{}” <em>({})</em> [{}]</li>',
                (
                    (
                        reverse("admin:claims_statement_change", args=[q.pk]),
                        q.pk,
                        q.start,
                        q.end,
                        q.actor,
                        q.get_stance_display(),
                        q.exact,
                        q.claim,
                        q.get_anchor_status_display(),
                    )
                    for q in quotes
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        """A corrected text goes through the service that re-anchors its quotes."""
        if change and "text" in form.changed_data:
            report = services.source_update_text(source=obj, text=obj.text)
            if report.moved:
                self.message_user(
                    request, f"{len(report.moved)} quote(s) re-anchored in the new text."
                )
            if report.lost:
                self.message_user(
                    request,
                    f"{len(report.lost)} quote(s) could not be found unambiguously in the new text "
                    "and are marked lost: " + ", ".join(f"#{s.pk}" for s in report.lost),
                    level=messages.WARNING,
                )
            return
        super().save_model(request, obj, form, change)
