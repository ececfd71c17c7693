"""The public pages: small generic views over ``claims.selectors``.

What may be shown is decided by the selectors (``Audience``); caching and
``Cache-Control`` by :class:`~claims.caching.PublicPageCacheMixin`. Views only
translate requests into selector calls and 404s.
"""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from claims import selectors
from claims.caching import PublicPageCacheMixin, public_cache_headers
from claims.domain import claimreview
from claims.models import Actor, Claim, Source, Topic
from claims.paginators import CappedPaginator

PAGE_SIZE = 20
FILTER_TITLES = {
    "rating": "Verdict",
    "actor": "Said by",
    "topic": "Topic",
    "source": "Source",
    "date_from": "Seen from",
    "date_to": "Seen until",
}


class ClaimSearchForm(forms.Form):
    """Parses the claim list's query string; the template renders the controls itself."""

    q = forms.CharField(required=False, max_length=200)
    rating = forms.CharField(required=False, max_length=64)
    # A slug (links, drop-downs) or, on large archives, a name or a web address.
    actor = forms.CharField(required=False, max_length=200)
    topic = forms.CharField(required=False, max_length=100)
    source = forms.CharField(required=False, max_length=2000)
    date_from = forms.DateField(required=False)
    date_to = forms.DateField(required=False)
    order = forms.ChoiceField(required=False, choices=list(selectors.ORDERS.items()))

    def filters(self) -> dict:
        """The valid filters, each key present; an invalid value counts as not given."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            name: data.get(name) or ("" if name not in ("date_from", "date_to") else None)
            for name in self.fields
        }


class ClaimListView(PublicPageCacheMixin, ListView):
    template_name = "claims/claim_list.html"
    context_object_name = "claims"
    paginate_by = PAGE_SIZE
    paginator_class = CappedPaginator

    def get_queryset(self):
        self.form = ClaimSearchForm(self.request.GET)
        self.filters = self.form.filters()
        self.labels = {}
        typed = {key: self.filters[key] for key in ("actor", "topic", "source")}
        for key, (slug, label) in selectors.filters_resolve(typed).items():
            self.filters[key], self.labels[key] = slug, label
        return selectors.claim_search(**self.filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        choices = selectors.filter_choices()
        names = {
            key: dict(choices[key + "s"] or ()) for key in ("rating", "topic", "actor", "source")
        }
        for key, label in self.labels.items():
            names[key][self.filters[key]] = label
        names["rating"][selectors.UNRATED] = "No verdict yet"
        active = []
        for key, title in FILTER_TITLES.items():
            value = self.filters[key]
            if not value:
                continue
            others = self.request.GET.copy()
            others.pop(key, None)
            others.pop("page", None)
            active.append(
                {
                    "name": title,
                    "label": names[key].get(value, value) if key in names else value,
                    "remove_url": "?" + others.urlencode() if others else "?",
                }
            )
        context.update(
            form=self.form,
            filters=self.filters,
            labels=self.labels,
            choices=choices,
            active_filters=active,
            searching=bool(self.filters["q"] or active),
        )
        return context


class TopicDetailView(ClaimListView):
    template_name = "claims/topic_detail.html"

    def get_queryset(self):
        try:
            self.topic = selectors.topic_get(slug=self.kwargs["slug"])
        except Topic.DoesNotExist as error:
            raise Http404("No such topic") from error
        self.form = ClaimSearchForm({"order": self.request.GET.get("order", "")})
        self.filters = {**self.form.filters(), "topic": self.topic.slug}
        return selectors.claim_search(**self.filters)

    def get_context_data(self, **kwargs):
        context = ListView.get_context_data(self, **kwargs)
        context["topic"] = self.topic
        return context


class ClaimDetailView(PublicPageCacheMixin, DetailView):
    """A claim with its verdict, statements, relations and evidence.

    The public sees published claims only; staff may preview unpublished ones
    (and, with ``?preview=1``, a published claim's unpublished verdicts).
    """

    template_name = "claims/claim_detail.html"
    context_object_name = "claim"

    def get_object(self, queryset=None):
        try:
            self.page = selectors.claim_page_for(
                slug=self.kwargs["slug"],
                user=self.request.user,
                preview=bool(self.request.GET.get("preview")),
            )
        except Claim.DoesNotExist as error:
            raise Http404("No such claim") from error
        return self.page.claim

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.page
        jsonld = None
        verdict = page.current_verdict
        # Another fact-checker's verdict is theirs to mark up, on their page (Google
        # reads ClaimReview only on the page at its url); exports still carry it.
        if not page.preview and not (verdict and verdict.is_external()):
            data = selectors.claimreview_data(
                page=page, base_url=self.request.build_absolute_uri("/")
            )
            jsonld = claimreview.render(data) if data else None
        context.update(page=page, jsonld=jsonld, preview=page.preview)
        return context


class CorrectionsView(PublicPageCacheMixin, ListView):
    """The public corrections log: what the desk changed in published verdicts, and why."""

    template_name = "claims/corrections.html"
    context_object_name = "corrections"
    paginate_by = 50

    def get_queryset(self):
        return selectors.corrections_log()


class SourceDetailView(PublicPageCacheMixin, DetailView):
    template_name = "claims/source_detail.html"
    context_object_name = "source"

    def get_object(self, queryset=None):
        try:
            self.page = selectors.source_page(slug=self.kwargs["slug"])
        except Source.DoesNotExist as error:
            raise Http404("No such source") from error
        return self.page.source

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=self.page, **kwargs)


class ActorDetailView(PublicPageCacheMixin, DetailView):
    template_name = "claims/actor_detail.html"
    context_object_name = "actor"

    def get_object(self, queryset=None):
        try:
            self.page = selectors.actor_page(
                slug=self.kwargs["slug"], page=self.request.GET.get("page")
            )
        except Actor.DoesNotExist as error:
            raise Http404("No such actor") from error
        if not self.page.claims and self.page.page_obj.number > 1:
            raise Http404("No such page")
        return self.page.actor

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=self.page, **kwargs)


class HomeView(PublicPageCacheMixin, TemplateView):
    template_name = "claims/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            latest_verdicts=selectors.latest_verdicts(),
            most_contested=selectors.most_contested(),
            **kwargs,
        )


@require_safe
@public_cache_headers
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
