from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "statusbridge.ledger"
    label = "ledger"
    verbose_name = "Accounting of disclosures"
