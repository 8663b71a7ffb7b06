from django.urls import path

from . import count_views, import_views, inventory_views, stock_views, transfer_views, views

app_name = "supplies"

urlpatterns = [
    path("catalog/", views.catalog, name="catalog"),
    path("catalog/new/", views.item_create, name="item_create"),
    path("catalog/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path("catalog/<int:item_id>/count/", views.item_count, name="item_count"),
    path("stock/", inventory_views.dashboard, name="dashboard"),
    path("stock/sites/<int:site_id>/", inventory_views.site_dashboard, name="site"),
    path("stock/sites/<int:site_id>/count/", count_views.count, name="count"),
    path("stock/counts/<int:count_id>/", count_views.count_detail, name="count_detail"),
    path("stock/expiring/", inventory_views.expiring, name="expiring"),
    path("stock/reorder/", inventory_views.reorder, name="reorder"),
    path("stock/reorder.csv", inventory_views.reorder_csv, name="reorder_csv"),
    path("stock/variance/", inventory_views.variance, name="variance"),
    path("stock/receive/", stock_views.receive, name="receive"),
    path("stock/adjust/", stock_views.change, name="change"),
    path("stock/items/<int:item_id>/", stock_views.item, name="item"),
    path("stock/settings/", stock_views.settings, name="settings"),
    path("stock/import/", import_views.import_csv, name="import"),
    path("stock/transfers/", transfer_views.transfer_list, name="transfers"),
    path("stock/transfers/new/", transfer_views.transfer_create, name="transfer_create"),
    path("stock/transfers/<int:transfer_id>/", transfer_views.transfer_detail, name="transfer"),
    path(
        "stock/transfers/<int:transfer_id>/receive/",
        transfer_views.transfer_receive,
        name="transfer_receive",
    ),
    path(
        "stock/transfers/<int:transfer_id>/cancel/",
        transfer_views.transfer_cancel,
        name="transfer_cancel",
    ),
]
