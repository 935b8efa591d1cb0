from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]

# The language switch sits under the language prefix too: Django can translate the
# `next` URL only while the language it was written in is active.

urlpatterns += i18n_patterns(
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("", include("victims.urls")),
    path("", include("sources.urls")),
    path("allegations/", include("allegations.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
)
