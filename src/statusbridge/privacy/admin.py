"""Privacy officers manage agencies, agreements and imported notices in the Django admin."""

from __future__ import annotations

from django.contrib import admin

from statusbridge.privacy.models import (
    Agency,
    Agreement,
    ComputerMatchingAgreement,
    ImportedNotice,
    PolicyDecision,
)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ("slug", "name")
    search_fields = ("slug", "name")


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin[Agreement]):
    list_display = ("agency", "purpose", "reference", "valid_from", "valid_until", "adverse_action")
    list_filter = ("purpose", "adverse_action")


@admin.register(ComputerMatchingAgreement)
class ComputerMatchingAgreementAdmin(admin.ModelAdmin[ComputerMatchingAgreement]):
    list_display = ("agency", "title", "effective_on", "expires_on", "renewed_until")


@admin.register(ImportedNotice)
class ImportedNoticeAdmin(admin.ModelAdmin[ImportedNotice]):
    list_display = ("system_number", "action", "published", "review", "imported_at")
    list_filter = ("review", "action")
    readonly_fields = ("parsed",)


@admin.register(PolicyDecision)
class PolicyDecisionAdmin(admin.ModelAdmin[PolicyDecision]):
    """Decisions are evidence: readable, never editable."""

    list_display = ("decided_at", "agency", "purpose", "mode", "allowed", "reason")
    list_filter = ("allowed", "mode")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
