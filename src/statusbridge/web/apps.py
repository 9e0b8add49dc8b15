from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "statusbridge.web"
    label = "web"
    verbose_name = "Web pages"
