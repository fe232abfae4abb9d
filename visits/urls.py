from django.urls import path

from . import views

app_name = "visits"

urlpatterns = [path("seen.gif", views.beacon, name="beacon")]
