from django.urls import path

from . import count_views, import_views, inventory_views, stock_views, transfer_views

app_name = "inventory"

urlpatterns = [
    path("", inventory_views.dashboard, name="dashboard"),
    path("sites/<int:site_id>/", inventory_views.site_dashboard, name="site"),
    path("sites/<int:site_id>/count/", count_views.count, name="count"),
    path("counts/<int:count_id>/", count_views.count_detail, name="count_detail"),
    path("expiring/", inventory_views.expiring, name="expiring"),
    path("reorder/", inventory_views.reorder, name="reorder"),
    path("reorder.csv", inventory_views.reorder_csv, name="reorder_csv"),
    path("variance/", inventory_views.variance, name="variance"),
    path("receive/", stock_views.receive, name="receive"),
    path("adjust/", stock_views.change, name="change"),
    path("items/<int:item_id>/", stock_views.item, name="item"),
    path("settings/", stock_views.settings, name="settings"),
    path("import/", import_views.import_csv, name="import"),
    path("transfers/", transfer_views.transfer_list, name="transfers"),
    path("transfers/new/", transfer_views.transfer_create, name="transfer_create"),
    path("transfers/<int:transfer_id>/", transfer_views.transfer_detail, name="transfer"),
    path(
        "transfers/<int:transfer_id>/receive/",
        transfer_views.transfer_receive,
        name="transfer_receive",
    ),
    path(
        "transfers/<int:transfer_id>/cancel/",
        transfer_views.transfer_cancel,
        name="transfer_cancel",
    ),
]
