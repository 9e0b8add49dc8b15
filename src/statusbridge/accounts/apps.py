from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "statusbridge.accounts"
    label = "accounts"
    verbose_name = "People, roles and the staff audit trail"
