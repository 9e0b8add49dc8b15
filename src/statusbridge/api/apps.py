from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "statusbridge.api"
    label = "api"
    verbose_name = "HTTP API clients and jobs"
