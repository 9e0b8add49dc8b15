"""URL routes: the admin for now; the API and web pages mount here."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("statusbridge.api.urls")),
]
