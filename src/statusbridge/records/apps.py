from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "statusbridge.records"
    label = "records"
    verbose_name = "Record snapshots"
