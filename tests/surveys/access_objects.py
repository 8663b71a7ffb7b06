"""Objects for the suite-wide access test: one draft survey of program A, and one of its
questions (the same survey for both keywords, as the question URLs need)."""


def _survey(world):
    from waypoint.surveys.models import Survey

    from .helpers import make_survey

    survey = Survey.unscoped.filter(program=world.program, title="Access check").first()
    return survey or make_survey(world.program, world.owner, title="Access check")


def _survey_id(world):
    return _survey(world).pk


def _question_id(world):
    from waypoint.surveys.models import SurveyQuestion

    return SurveyQuestion.unscoped.filter(survey=_survey(world)).order_by("order").first().pk


OBJECTS = {"survey_id": _survey_id, "question_id": _question_id}
