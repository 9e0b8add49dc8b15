from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "statusbridge.privacy"
    label = "privacy"
    verbose_name = "Privacy governance"
