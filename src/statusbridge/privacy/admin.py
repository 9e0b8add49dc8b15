"""Privacy officers manage agencies and agreements in the Django admin, and read imported notices
and legal events there; reviewing them is ``statusbridge sorn review accept|reject --by``, which
the one policy checks and which records who reviewed, so the admin never changes a review."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from statusbridge.privacy.models import (
    Agency,
    Agreement,
    ComputerMatchingAgreement,
    ImportedNotice,
    LegalEvent,
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
    list_display = ("system_number", "action", "published", "fr_doc", "review", "partial")
    list_filter = ("review", "action", "partial")
    readonly_fields = (
        "parsed", "version", "review", "reviewed_by", "reviewed_at", "partial", "problems",
    )  # fmt: skip


@admin.register(LegalEvent)
class LegalEventAdmin(admin.ModelAdmin[LegalEvent]):
    list_display = ("system_number", "version_published", "routine_use", "effect",
                    "effective_from", "review")  # fmt: skip
    list_filter = ("review", "effect")
    readonly_fields = ("review", "reviewed_by", "reviewed_at", "builtin")

    def get_readonly_fields(self, request: Any, obj: LegalEvent | None = None) -> Any:
        # A reviewed event is evidence of what was decided: changing it would change the law
        # in force without a review.
        if obj is not None and obj.review != LegalEvent.Review.PENDING:
            return [f.name for f in LegalEvent._meta.fields]
        return self.readonly_fields


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
