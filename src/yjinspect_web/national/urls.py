"""URLs of the national view (under /national/)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
