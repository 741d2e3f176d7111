from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # Until the workbench and the portal have pages of their own, start at the admin.
    path("", RedirectView.as_view(pattern_name="admin:index"), name="home"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("anymail/", include("anymail.urls")),
]

handler404 = "api.errors.page_not_found"
