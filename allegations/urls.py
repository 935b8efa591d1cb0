from django.urls import path

from . import views

app_name = "allegations"
urlpatterns = [
    path("<uuid:uuid>/", views.allegation_detail, name="allegation"),
]
