from django.urls import path

from .views import catalog, counts, imports, stock, transfers

app_name = "supplies"

urlpatterns = [
    path("catalog/", catalog.catalog, name="catalog"),
    path("catalog/new/", catalog.item_create, name="item_create"),
    path("catalog/<int:item_id>/edit/", catalog.item_edit, name="item_edit"),
    path("catalog/<int:item_id>/count/", catalog.item_count, name="item_count"),
    path("stock/", stock.dashboard, name="dashboard"),
    path("stock/sites/<int:site_id>/", stock.site_dashboard, name="site"),
    path("stock/sites/<int:site_id>/count/", counts.count, name="count"),
    path("stock/counts/<int:count_id>/", counts.count_detail, name="count_detail"),
    path("stock/expiring/", stock.expiring, name="expiring"),
    path("stock/reorder/", stock.reorder, name="reorder"),
    path("stock/reorder.csv", stock.reorder_csv, name="reorder_csv"),
    path("stock/variance/", counts.variance, name="variance"),
    path("stock/receive/", stock.receive, name="receive"),
    path("stock/adjust/", stock.change, name="change"),
    path("stock/items/<int:item_id>/", stock.item, name="item"),
    path("stock/settings/", stock.settings, name="settings"),
    path("stock/import/", imports.import_csv, name="import"),
    path("stock/transfers/", transfers.transfer_list, name="transfers"),
    path("stock/transfers/new/", transfers.transfer_create, name="transfer_create"),
    path("stock/transfers/<int:transfer_id>/", transfers.transfer_detail, name="transfer"),
    path(
        "stock/transfers/<int:transfer_id>/receive/",
        transfers.transfer_receive,
        name="transfer_receive",
    ),
    path(
        "stock/transfers/<int:transfer_id>/cancel/",
        transfers.transfer_cancel,
        name="transfer_cancel",
    ),
]
