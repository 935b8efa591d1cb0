from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("releases/", views.release_list, name="releases"),
    path("releases/<int:number>/", views.release_detail, name="release"),
    path(
        "releases/<int:number>/<path:path>",
        views.release_file,
        name="release_file",
    ),
]
