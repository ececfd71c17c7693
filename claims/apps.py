from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims and fact-checks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Keeps the page cache and the search documents in step with editors' writes.
        from claims import signals  # noqa: F401
        from claims.json_rows import json_rows_register

        json_rows_register()
