from django.apps import AppConfig


class ChallengeConfig(AppConfig):
    name = "safeguard.governance.challenge"
    label = "challenge"
    verbose_name = "Challenge log"
