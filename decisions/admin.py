from django.contrib import admin

from decisions.models import Decision, Membership, Organization


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "owner", "status", "updated_at"]
    list_filter = ["status", "organization"]
    search_fields = ["title", "use_case"]
    raw_id_fields = ["owner"]
    # Answers change through the questionnaire, which validates them and keeps what was typed.
    readonly_fields = ["answers", "created_at", "updated_at"]
