from django.urls import path

from . import browsing
from . import comparison
from . import views

app_name = "victims"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("people/", browsing.person_list, name="people"),
    path("places/", browsing.place_list, name="places"),
    path("incidents/", browsing.incident_list, name="incidents"),
    path("lists/compare/", comparison.list_comparison, name="list_comparison"),
    path("people/<uuid:uuid>/", views.person_detail, name="person"),
    path("places/<uuid:uuid>/", views.place_detail, name="place"),
    path("incidents/<uuid:uuid>/", views.incident_detail, name="incident"),
    path("cases/<uuid:uuid>/", views.case_detail, name="case"),
]
