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

    def get_readonly_fields(self, request, obj=None):
        # a random address (a sensitive or waiting partner's) must not be typed over with
        # one made from the name
        if obj is not None and obj.slug_is_random:
            return [*super().get_readonly_fields(request, obj), "slug"]
        return super().get_readonly_fields(request, obj)

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None and obj.slug_is_random else self.prepopulated_fields
