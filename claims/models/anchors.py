from django.core.exceptions import ValidationError
from django.db import models

from claims.domain import anchoring


class AnchorStatus(models.TextChoices):
    ANCHORED = "anchored", "Anchored"
    LOST = "lost", "Lost: the source text changed; re-anchor it"
    # Only for a statement in a source known by its URL alone (``Source.url_only``):
    # there is no text to anchor a quote in, so it has no quote and no offsets.
    UNANCHORED = "unanchored", "Unanchored: the source's text is not held"


class AnchoredQuote(models.Model):
    """A quote tied to a place in a source's text, as a W3C-style selector.

    ``start``/``end`` count Unicode code points into ``source.text``;
    ``exact`` is the quoted text to the letter and ``prefix``/``suffix`` a few
    characters around it, so the quote can be found again if the text is
    corrected. Editors may give only the quote (the offsets are found), only the
    offsets (the quote is filled in), or both (they must agree).
    """

    start = models.PositiveIntegerField(
        null=True, blank=True, help_text="Offset of the first character (Unicode code points)."
    )
    end = models.PositiveIntegerField(
        null=True, blank=True, help_text="Offset just after the last character."
    )
    exact = models.TextField(
        "quote", blank=True, help_text="The exact words as the source has them."
    )
    prefix = models.CharField(
        max_length=64,
        blank=True,
        help_text="A few words just before the quote, to tell apart repeated passages.",
    )
    suffix = models.CharField(max_length=64, blank=True, help_text="A few words just after.")
    anchor_status = models.CharField(
        max_length=10, choices=AnchorStatus.choices, default=AnchorStatus.ANCHORED, editable=False
    )

    class Meta:
        abstract = True

    def anchor_in(self, text: str) -> None:
        """Resolve and check the selector against ``text``; fill in what was missing.

        Raises ``ValidationError`` naming the field at fault, so the admin and
        the API report it on the right input.
        """
        has_offsets = self.start is not None or self.end is not None
        try:
            if has_offsets:
                if self.start is None or self.end is None:
                    raise ValidationError(
                        {"end" if self.end is None else "start": "Give both offsets, or neither."},
                        code="incomplete_offsets",
                    )
                if self.exact:
                    anchor = anchoring.verify(
                        text, start=self.start, end=self.end, exact=self.exact
                    )
                else:
                    anchor = anchoring.selector(text, self.start, self.end)
            else:
                anchor = anchoring.locate(text, self.exact, prefix=self.prefix, suffix=self.suffix)
        except anchoring.OffsetsOutOfRange as error:
            raise ValidationError({"start": str(error)}, code="offsets_out_of_range") from error
        except anchoring.AnchorMismatch as error:
            raise ValidationError({"exact": str(error)}, code="anchor_mismatch") from error
        except anchoring.QuoteAmbiguous as error:
            raise ValidationError({"exact": str(error)}, code="quote_ambiguous") from error
        except anchoring.QuoteNotFound as error:
            raise ValidationError({"exact": str(error)}, code="quote_not_found") from error
        self.start, self.end, self.exact = anchor.start, anchor.end, anchor.exact
        self.prefix, self.suffix = anchor.prefix, anchor.suffix
        self.anchor_status = AnchorStatus.ANCHORED

    def has_quote(self) -> bool:
        return bool(self.exact) or self.start is not None or self.end is not None
