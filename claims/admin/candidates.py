"""The editors' side of statement extraction: import documents, extract, review.

``SourceExtractionMixin`` gives the source admin three things: an "Import
documents" page (paste text, upload a .txt/.md/.html file, or a saved page
with its URL), an action that extracts statement candidates, and a review
screen per source (``…/source/<id>/candidates/``): the text with every
candidate highlighted (escaped, built from ``claims.domain.highlighting``
runs), boilerplate lines greyed, and for each candidate its proposed speaker,
stance and matching claims. The editor accepts it into an existing or a new
claim, edits it, or rejects it, one by one or in bulk. Every write goes through
``claims.extraction`` / ``claims.ingestion``; nothing here saves a model.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from claims import extraction, ingestion
from claims.domain import attribution
from claims.domain.highlighting import runs
from claims.models import Actor, Claim, Source, Statement, StatementCandidate

NEW_CLAIM = "new"


class DocumentImportForm(forms.Form):
    """One document: a file, or pasted text with the metadata the editor knows."""

    file = forms.FileField(
        required=False,
        help_text="A .txt, .md or .html file (a web page saved from the browser).",
    )
    text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 12, "cols": 90}),
        help_text="…or paste the article's text.",
    )  # fmt: skip
    title = forms.CharField(required=False, max_length=300, help_text="For pasted text.")
    publisher = forms.CharField(required=False, max_length=200, help_text="For pasted text.")
    url = forms.URLField(
        required=False,
        assume_scheme="https",
        max_length=2000,
        help_text="The original address (of the pasted text, or of the saved page).",
    )
    published_on = forms.DateField(required=False, help_text="For pasted text, e.g. 2022-02-15.")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not (cleaned.get("text") or "").strip():
            raise ValidationError("Choose a file or paste the text.", code="document_required")
        return cleaned


class CandidateForm(forms.Form):
    """The editor's decision on one candidate (prefixed ``c<id>``)."""

    selected = forms.BooleanField(required=False)
    claim = forms.ChoiceField(required=False)
    other_claim = forms.ModelChoiceField(
        Claim.objects.all(), required=False, help_text="Any other existing claim."
    )
    new_claim_text = forms.CharField(required=False, max_length=500)
    actor = forms.ModelChoiceField(Actor.objects.all(), required=False)
    new_actor_name = forms.CharField(required=False, max_length=200)
    stance = forms.ChoiceField(choices=Statement.Stance.choices)
    exact = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "cols": 40}))

    def __init__(self, *args, candidate: StatementCandidate, claims: dict, **kwargs):
        self.candidate = candidate
        initial = {
            "claim": str(candidate.matches[0]["claim"]) if candidate.matches else "",
            "actor": candidate.actor_id,
            "new_actor_name": "" if candidate.actor_id else candidate.speaker_name,
            "stance": candidate.stance,
            "exact": candidate.exact,
        }
        super().__init__(*args, prefix=f"c{candidate.pk}", initial=initial, **kwargs)
        self.fields["claim"].choices = (
            [("", "— choose —")]
            + [
                (str(m["claim"]), f"{claims[m['claim']].text} ({m['score']:.2f})")
                for m in candidate.matches
                if m["claim"] in claims
            ]
            + [(NEW_CLAIM, "A new claim (give its wording)")]
        )
        self.fields["actor"].queryset = Actor.objects.only("pk", "name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("claim") == NEW_CLAIM and not (cleaned.get("new_claim_text") or "").strip():
            self.add_error(
                "new_claim_text",
                ValidationError("Give the new claim's wording.", code="claim_text_required"),
            )
        return cleaned

    def decision(self) -> dict:
        """Keyword arguments for ``statement_candidate_accept``."""
        data = self.cleaned_data
        claim = data.get("other_claim")
        if claim is None and data.get("claim") not in ("", NEW_CLAIM, None):
            claim = Claim.objects.filter(pk=data["claim"]).first()
        return {
            "claim": claim,
            "new_claim_text": data.get("new_claim_text", "")
            if data.get("claim") == NEW_CLAIM
            else "",
            "actor": data.get("actor"),
            "new_actor_name": data.get("new_actor_name", ""),
        }

    def edits(self) -> dict:
        data = self.cleaned_data
        changes = {}
        if data["exact"].strip() != self.candidate.exact:
            changes["exact"] = data["exact"]
        if data["stance"] != self.candidate.stance:
            changes["stance"] = data["stance"]
        if data.get("actor") and data["actor"].pk != self.candidate.actor_id:
            changes["actor"] = data["actor"]
        elif (
            not data.get("actor")
            and data.get("new_actor_name", "").strip()
            and (
                data["new_actor_name"].strip() != self.candidate.speaker_name
                or self.candidate.actor_id
            )
        ):
            changes["speaker_name"] = data["new_actor_name"]
        return changes


@dataclass
class Row:
    candidate: StatementCandidate
    form: CandidateForm
    matches: list


def _messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


class SourceExtractionMixin:
    """Mixed into ``SourceAdmin``: import, extraction action and review screen."""

    review_template = "admin/claims/source/review_candidates.html"
    import_template = "admin/claims/source/import_documents.html"
    actions = ["extract_statement_candidates"]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="{}_{}_import".format(*info),
            ),
            path(
                "<int:object_id>/candidates/",
                self.admin_site.admin_view(self.review_view),
                name="{}_{}_candidates".format(*info),
            ),
            *super().get_urls(),
        ]

    @admin.action(
        description="Extract statement candidates from the selected sources",
        permissions=["change"],
    )
    def extract_statement_candidates(self, request, queryset):
        for source in queryset:
            report = extraction.statement_candidates_extract(source=source)
            url = reverse("admin:claims_source_candidates", args=[source.pk])
            self.message_user(
                request,
                f"{source}: {len(report.created)} new candidate(s), {len(report.kept)} kept "
                f"from earlier reviews. Review them at {request.build_absolute_uri(url)}",
                messages.SUCCESS,
            )

    # ------------------------------------------------------------------ import

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = DocumentImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            upload = data.get("file")
            if upload:
                result = ingestion.source_import_file(
                    name=upload.name, data=upload.read(), url=data.get("url") or ""
                )
            else:
                result = ingestion.source_import_text(
                    text=data["text"],
                    title=data.get("title") or "",
                    publisher=data.get("publisher") or "",
                    url=data.get("url") or "",
                    published_on=data.get("published_on"),
                )
            if result.status == ingestion.ADDED:
                self.message_user(request, f"Added “{result.source}”.", messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:claims_source_change", args=[result.source.pk])
                )
            if result.status == ingestion.DUPLICATE:
                self.message_user(request, f"Not imported: {result.reason}.", messages.WARNING)
                return HttpResponseRedirect(
                    reverse("admin:claims_source_change", args=[result.source.pk])
                )
            form.add_error(None, ValidationError(
                "Refused: %(reason)s", code="document_refused", params={"reason": result.reason}
            ))  # fmt: skip
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import a document",
            "form": form,
        }
        return TemplateResponse(request, self.import_template, context)

    # ------------------------------------------------------------------ review

    def _rows(self, source: Source, data=None) -> list[Row]:
        candidates = list(
            StatementCandidate.objects.filter(source=source)
            .select_related("actor", "claim", "statement")
            .order_by("start", "pk")
        )
        claim_ids = {m["claim"] for c in candidates for m in c.matches}
        claims = Claim.objects.in_bulk(claim_ids)
        return [
            Row(
                candidate=c,
                form=CandidateForm(data, candidate=c, claims=claims),
                matches=[(claims[m["claim"]], m) for m in c.matches if m["claim"] in claims],
            )
            for c in candidates
        ]

    def review_view(self, request, object_id: int):
        source = get_object_or_404(Source, pk=object_id)
        if not self.has_view_or_change_permission(request, source):
            raise PermissionDenied
        if request.method == "POST":
            if not (
                self.has_change_permission(request, source)
                and request.user.has_perm("claims.add_statement")
            ):
                raise PermissionDenied
            return self._review_post(request, source)
        rows = self._rows(source)
        boilerplate = attribution.boilerplate(source.text)
        spans = [(r.candidate.start, r.candidate.end, ("c", r.candidate.pk)) for r in rows]
        spans += [(b.start, b.end, ("b", b.reason)) for b in boilerplate]
        by_pk = {r.candidate.pk: r.candidate for r in rows}
        pieces = []
        for run in runs(source.text, spans):
            ids = [key[1] for key in run.keys if key[0] == "c"]
            reasons = [key[1] for key in run.keys if key[0] == "b"]
            pieces.append(
                {
                    "text": run.text,
                    "candidates": ids,
                    "status": by_pk[ids[0]].status if ids else "",
                    "title": " | ".join(
                        f"#{i} {by_pk[i].speaker_name or by_pk[i].speaker_mention} "
                        f"{by_pk[i].stance}"
                        for i in ids
                    ),
                    "boilerplate": reasons[0] if reasons else "",
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": source,
            "source": source,
            "title": f"Review statement candidates: {source}",
            "pieces": pieces,
            "rows": rows,
            "pending": sum(
                1 for r in rows if r.candidate.status == StatementCandidate.Status.PENDING
            ),
            "boilerplate": boilerplate,
        }
        return TemplateResponse(request, self.review_template, context)

    def _review_post(self, request, source: Source):
        action = request.POST.get("action", "")
        back = HttpResponseRedirect(request.path)
        if action == "extract":
            report = extraction.statement_candidates_extract(source=source)
            self.message_user(
                request,
                f"{len(report.created)} new candidate(s); {len(report.kept)} decided or edited "
                f"kept; {report.removed} outdated removed.",
                messages.SUCCESS,
            )
            return back
        rows = {r.candidate.pk: r for r in self._rows(source, request.POST)}
        verb, _, target = action.partition(":")
        if verb in {"accept", "reject", "save"} and target.isdigit():
            chosen = [rows.get(int(target))]
        elif verb in {"bulk_accept", "bulk_reject"}:
            chosen = [r for r in rows.values() if request.POST.get(f"c{r.candidate.pk}-selected")]
            verb = verb.removeprefix("bulk_")
            if not chosen:
                self.message_user(request, "Select candidates first.", messages.WARNING)
                return back
        else:
            self.message_user(request, "Unknown action.", messages.ERROR)
            return back
        done = 0
        for row in filter(None, chosen):
            done += self._decide(request, verb, row)
        if done:
            past = {"accept": "accepted", "reject": "rejected", "save": "saved"}[verb]
            self.message_user(request, f"{done} candidate(s) {past}.", messages.SUCCESS)
        return back

    def _decide(self, request, verb: str, row: Row) -> int:
        candidate, form = row.candidate, row.form
        label = f"Candidate #{candidate.pk}"
        if not form.is_valid():
            errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
            self.message_user(request, f"{label}: {errors}", messages.ERROR)
            return 0
        try:
            if verb == "reject":
                extraction.statement_candidate_reject(candidate=candidate, user=request.user)
                return 1
            edits = form.edits()
            if edits:
                candidate = extraction.statement_candidate_update(candidate=candidate, **edits)
            if verb == "save":
                return 1
            decision = form.decision()
            if decision["claim"] is None and not decision["new_claim_text"]:
                raise ValidationError(
                    {"claim": "Choose a claim, or a new claim with its wording."},
                    code="claim_required",
                )
            extraction.statement_candidate_accept(
                candidate=candidate, user=request.user, **decision
            )
            return 1
        except ValidationError as error:
            self.message_user(request, f"{label}: {_messages_of(error)}", messages.ERROR)
            return 0


@admin.register(StatementCandidate)
class StatementCandidateAdmin(admin.ModelAdmin):
    """A list to find candidates across sources; decisions are taken on the review screen."""

    list_display = ["__str__", "source", "status", "stance", "cue", "confidence", "pattern"]
    list_filter = ["status", "stance", "pattern", "source"]
    search_fields = ["exact", "speaker_name", "speaker_mention", "source__title"]
    list_select_related = ["source", "actor"]
    readonly_fields = [f.name for f in StatementCandidate._meta.fields]

    def has_add_permission(self, request):
        return False  # candidates come from extraction only

    def has_change_permission(self, request, obj=None):
        return False  # decided on the source's review screen, through the services
