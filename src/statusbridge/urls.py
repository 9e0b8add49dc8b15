"""URL routes: the admin for now; the API and web pages mount here."""

from django.contrib import admin
from django.urls import path

urlpatterns = [path("admin/", admin.site.urls)]
