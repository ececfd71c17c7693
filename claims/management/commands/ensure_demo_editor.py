"""Create the local demo editor account that `make run` prints, in development only.

A fixed, published password is fine on a laptop and fatal on a server, so the
command refuses to run unless DEBUG is on.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from claims.roles import roles_sync

DEMO_USERNAME = "editor"
DEMO_PASSWORD = "claimtrack-demo"  # noqa: S105 - development-only account, refused unless DEBUG


class Command(BaseCommand):
    help = "Create or reset the demo editor account (only when DEBUG is on)."

    def handle(self, *args, verbosity: int, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to create a demo account with a known password: DEBUG is off."
            )
        # The demo account shows the whole workflow, so it gets the widest role.
        roles_sync()
        group = Group.objects.get(name="publisher")
        user, created = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME, defaults={"email": "editor@example.org"}
        )
        user.is_staff = True
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.add(group)
        if verbosity:
            verb = "Created" if created else "Reset"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{verb} demo editor: log in at /admin/ as {DEMO_USERNAME} / {DEMO_PASSWORD}"
                )
            )
