from django.contrib import admin

from twinning.directory.models import Group, GroupRole, Partner, PartnerContact


class GroupRoleInline(admin.TabularInline):
    model = GroupRole
    raw_id_fields = ["user"]
    extra = 0


class PartnerContactInline(admin.TabularInline):
    model = PartnerContact
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [GroupRoleInline]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "name_ar", "slug"]
    search_fields = ["name", "name_ar"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PartnerContactInline]
