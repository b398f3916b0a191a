"""Django's admin, for staff operators: organisations and their members; decisions to look
at and correct while they are drafts. A record's lifecycle happens in the app, and what is
history (approvals, the audit trail, snapshots) is read-only here as everywhere."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from decisions.models import Approval, Decision, DecisionEvent, Membership, Organization


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "approval_quorum", "created_at"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "owner", "status", "updated_at"]
    list_filter = ["status", "organization"]
    search_fields = ["title", "use_case"]
    raw_id_fields = ["owner", "cost_basis", "supersedes"]
    # Answers change through the questionnaire, which validates them and keeps what was
    # typed; the status changes through the record's lifecycle, which checks who may.
    readonly_fields = [
        "status",
        "answers",
        "review_round",
        "submitted_at",
        "decided_at",
        "created_at",
        "updated_at",
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Decision | None = None) -> Any:
        if obj is not None and obj.is_frozen:
            return [field.name for field in obj._meta.get_fields() if field.concrete]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Decision | None = None) -> bool:
        return obj is None or obj.submitted_at is None


class HistoryAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Approval)
class ApprovalAdmin(HistoryAdmin):
    list_display = ["decision", "approver", "review_round", "verdict", "created_at"]


@admin.register(DecisionEvent)
class DecisionEventAdmin(HistoryAdmin):
    list_display = ["decision", "actor", "kind", "created_at"]
    list_filter = ["kind"]
