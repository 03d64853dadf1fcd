from django.apps import AppConfig


class LeadershipConfig(AppConfig):
    name = "safeguard.web.leadership"
    label = "leadership"
    verbose_name = "Leaders' pages"
