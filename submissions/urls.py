from django.urls import path

from . import views

app_name = "submissions"
urlpatterns = [
    path("submit/", views.submit, name="submit"),
    path("submissions/status/", views.status, name="status"),
]
