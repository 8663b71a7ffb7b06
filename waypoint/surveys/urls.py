from django.urls import path

from . import fill_views, views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_create, name="create"),
    path("<int:survey_id>/", views.survey_detail, name="detail"),
    path("<int:survey_id>/edit/", views.survey_edit, name="edit"),
    path("<int:survey_id>/questions/standard/", views.add_standard, name="add_standard"),
    path("<int:survey_id>/questions/custom/", views.add_custom, name="add_custom"),
    path(
        "<int:survey_id>/questions/<int:question_id>/move/",
        views.move_question,
        name="move_question",
    ),
    path(
        "<int:survey_id>/questions/<int:question_id>/remove/",
        views.remove_question,
        name="remove_question",
    ),
    path("<int:survey_id>/open/", views.open_survey, name="open"),
    path("<int:survey_id>/close/", views.close_survey, name="close"),
    path("<int:survey_id>/poster/", views.poster, name="poster"),
    path("<int:survey_id>/fill/", fill_views.fill, name="fill"),
    path("<int:survey_id>/results/", views.results, name="results"),
]
