from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.db import transaction
from django.urls import include
from django.urls import path
from django.urls import re_path
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter
from two_factor.urls import urlpatterns as two_factor_urls

import reports.api
import sources.api
import submissions.api
import victims.api
import victims.list_api
from victims import happenings

from . import views

router = DefaultRouter()
router.trailing_slash = "/?"  # /api/v1/persons and /api/v1/persons/ alike
for prefix, viewset in [
    ("persons", victims.api.PersonViewSet),
    *((kind.resource, kind.viewset) for kind in happenings.kinds()),
    ("incidents", victims.api.IncidentViewSet),
    ("criminal-cases", victims.api.CriminalCaseViewSet),
    ("places", victims.api.PlaceViewSet),
    ("organisations", sources.api.OrganisationViewSet),
    ("sources", sources.api.SourceViewSet),
    ("citations", sources.api.CitationViewSet),
    ("figures", sources.api.FigureViewSet),
    ("lists", victims.list_api.LinkedVictimListViewSet),
    ("submissions", submissions.api.SubmissionViewSet),
    ("releases", reports.api.ReleaseViewSet),
]:
    router.register(prefix, viewset, basename=prefix)

api_patterns = [
    path("", include(router.urls)),
    path("statistics/", reports.api.StatisticsView.as_view(), name="statistics"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file (no inline script,
    # as the Content-Security-Policy requires).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema"),
        name="docs",
    ),
    # Any other address under /api/, even one holding a line break, is a JSON 404.
    re_path(r"^[\s\S]*$", views.api_not_found),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    path("api/v1/", include((api_patterns, "api"))),
]

# The language switch sits under the language prefix too: Django can translate the
# `next` URL only while the language it was written in is active.

urlpatterns += i18n_patterns(
    path(
        "",
        # Served while the database is down: it needs none.
        transaction.non_atomic_requests(
            TemplateView.as_view(template_name="home.html")
        ),
        name="home",
    ),
    path("", include("victims.urls")),
    path("", include("sources.urls")),
    path("allegations/", include("allegations.urls")),
    path("", include("submissions.urls")),
    path("", include("reports.urls")),
    path("", include(two_factor_urls)),  # /account/login/, /account/two_factor/…
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
)

handler500 = "archive.views.server_error"
