from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from twinning.api import api
from twinning.core import views as core_views

handler400 = "twinning.core.views.bad_request"
handler403 = "twinning.core.views.permission_denied"
handler404 = "twinning.core.views.page_not_found"
handler500 = "twinning.core.views.server_error"

# Not translated: machines read these.
urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
]

# People read these: English at /…, Arabic at /ar/….
urlpatterns += i18n_patterns(
    path("", include("twinning.core.urls")),
    path("", include("twinning.accounts.urls")),
    path("", include("twinning.places.urls")),
    path("", include("twinning.directory.urls")),
    path("", include("twinning.matching.urls")),
    path("", include("twinning.formation.urls")),
    path("", include("twinning.activities.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
