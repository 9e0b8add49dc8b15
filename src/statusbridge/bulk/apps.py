from django.apps import AppConfig


class BulkConfig(AppConfig):
    name = "statusbridge.bulk"
    label = "bulk"
    verbose_name = "Bulk verification jobs"
