from django.urls import path

from . import views

app_name = "supplies"

urlpatterns = [
    path("catalog/", views.catalog, name="catalog"),
    path("catalog/new/", views.item_create, name="item_create"),
    path("catalog/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path("catalog/<int:item_id>/count/", views.item_count, name="item_count"),
]
