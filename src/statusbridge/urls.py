"""URL routes: the admin for now; the API and web pages mount here."""

from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

# The admin is a staff page too: it asks for the TOTP code as well as the password.
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("statusbridge.accounts.urls")),
    path("api/v1/", include("statusbridge.api.urls")),
]
