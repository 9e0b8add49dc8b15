from django.contrib import admin

from statusbridge.records.models import Snapshot


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin[Snapshot]):
    list_display = ("snapshot_id", "kind", "as_of", "rows_accepted", "rows_rejected", "people")
    list_filter = ("kind",)

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False  # snapshots are immutable
