from django.contrib import admin

from twinning.places.models import Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "name_ar", "country", "kind", "governorate", "county", "hidden"]
    list_filter = ["country", "kind", "governorate", "hidden"]
    search_fields = ["name", "name_ar", "alt_names", "key"]
    readonly_fields = ["key", "source", "search_names", "search_skeletons"]
