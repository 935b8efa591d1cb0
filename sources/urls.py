from django.urls import path

from . import views

app_name = "sources"
urlpatterns = [
    path("sources/", views.source_list, name="sources"),
    path("sources/<uuid:uuid>/", views.source_detail, name="source"),
    path("figures/", views.figure_list, name="figures"),
]
