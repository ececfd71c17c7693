"""Ship a default rating scale so that verdicts can be written on a fresh install.

Values follow the common five-step truth scale (1 = False ... 5 = True) that
ClaimReview consumers understand; "Misleading" shares a value with "Mostly
false", and "Unproven" has no number and is exported by its label alone.
"""

from django.db import migrations

SCALE = {
    "name": "ClaimTrack rating scale",
    "slug": "claimtrack",
    "version": 1,
    "description": "Five steps from False to True, plus Misleading and Unproven.",
}

RATINGS = [
    (1, "False", "false", 1, "The claim is not accurate: the evidence shows the opposite."),
    (
        2,
        "Mostly false",
        "mostly-false",
        2,
        "The claim has an element of truth but ignores facts that would give a different impression.",
    ),
    (
        3,
        "Half true",
        "half-true",
        3,
        "The claim is partly accurate but leaves out important details or takes things out of context.",
    ),
    (
        4,
        "Mostly true",
        "mostly-true",
        4,
        "The claim is accurate but needs clarification or additional information.",
    ),
    (5, "True", "true", 5, "The claim is accurate and nothing significant is missing."),
    (
        6,
        "Misleading",
        "misleading",
        2,
        "The facts stated may be accurate but are presented so as to give a false impression.",
    ),
    (
        7,
        "Unproven",
        "unproven",
        None,
        "There is not enough public evidence to establish whether the claim is true or false.",
    ),
]


def create_scale(apps, schema_editor):
    RatingScale = apps.get_model("claims", "RatingScale")
    Rating = apps.get_model("claims", "Rating")
    if RatingScale.objects.filter(slug=SCALE["slug"], version=SCALE["version"]).exists():
        return
    scale = RatingScale.objects.create(is_default=True, **SCALE)
    Rating.objects.bulk_create(
        Rating(scale=scale, position=p, label=label, slug=slug, value=value, description=text)
        for p, label, slug, value, text in RATINGS
    )


def remove_scale(apps, schema_editor):
    apps.get_model("claims", "RatingScale").objects.filter(
        slug=SCALE["slug"], version=SCALE["version"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]
    operations = [migrations.RunPython(create_scale, remove_scale)]
