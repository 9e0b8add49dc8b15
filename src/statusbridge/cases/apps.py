from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "statusbridge.cases"
    label = "cases"
    verbose_name = "Additional verification cases"
