from django.urls import path

from . import views

urlpatterns = [path("<path:name>", views.private_media, name="private_media")]
