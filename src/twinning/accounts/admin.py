from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group as AuthGroup
from django.utils.translation import gettext_lazy as _

from twinning.accounts.models import Consent, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_coordinator", "is_advisor", "is_active"]
    list_filter = ["is_coordinator", "is_advisor", "is_active", "is_staff"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["display_name", "preferred_language"]}),
        (
            _("Roles"),
            {"fields": ["is_coordinator", "is_advisor", "is_active", "is_staff", "is_superuser"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal: list[str] = []


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["user", "purpose", "given", "recorded_at"]
    list_select_related = ["user"]
    readonly_fields = ["user", "purpose", "given", "notice_version", "recorded_at"]


# The network's groups are directory groups; Django's permission groups are not used.
admin.site.unregister(AuthGroup)

# One sign-in for the whole site: the admin's own page would check only the password, with
# no rate limit and no second factor, so it sends people to allauth's sign-in instead.
admin.site.login = secure_admin_login(admin.site.login)
