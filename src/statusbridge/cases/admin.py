from django.contrib import admin

from statusbridge.cases.models import Case


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin[Case]):
    list_display = ("case_number", "agency", "purpose", "reason", "opened_on", "state")
    list_filter = ("state", "reason", "agency")
    search_fields = ("case_number", "request_id")
