"""Settings shared by the admin classes."""

from django.db import models

# Editors paste bare domains ("apnews.com/..."); assume HTTPS, as Django 6 will.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}
