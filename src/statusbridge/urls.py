"""URL routes: the admin, staff sign-in, the API and the web pages."""

from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

# The admin is a staff page too: it asks for the TOTP code as well as the password.
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("statusbridge.accounts.urls")),
    path("api/v1/", include("statusbridge.api.urls")),
    path("", include("statusbridge.web.urls")),  # the web pages, last: the others come first
]

# Pages for what no view answers (the API answers its own addresses in problem details).
handler404 = "statusbridge.web.views.public.page_not_found"
handler500 = "statusbridge.web.views.public.server_error"
