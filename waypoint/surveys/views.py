"""The survey list and builder (coordinators), and the results page (from viewers up)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from waypoint.core.access import program_role
from waypoint.core.links import shareable_url
from waypoint.core.models import Role

from . import services
from .display import present
from .forms import CustomQuestionForm, NewSurveyForm, StandardQuestionsForm, SurveyForm
from .models import Survey, SurveyQuestion
from .qr import qr_data_uri
from .queries import list_surveys, questions_of, survey_results
from .standard import STANDARD_QUESTIONS


def _survey(survey_id: int) -> Survey:
    return get_object_or_404(Survey.objects, pk=survey_id)


def _refusal(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def public_url(request: HttpRequest, survey: Survey) -> str:
    return shareable_url(request, reverse("surveys_public:fill", args=[survey.public_token]))


@program_role(Role.VIEWER)
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    """Every role sees the surveys; what each may do with them differs."""
    membership = request.membership
    return render(
        request,
        "surveys/list.html",
        {
            "surveys": list_surveys(request.program),
            "can_build": membership.has_role(Role.COORDINATOR),
            "can_fill": membership.has_role(Role.PEER),
        },
    )


@program_role(Role.COORDINATOR)
def survey_create(request: HttpRequest) -> HttpResponse:
    form = NewSurveyForm(
        request.POST or None, initial={"standard": [q.key for q in STANDARD_QUESTIONS]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.create_survey(
                request.program,
                actor=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                standard_keys=form.cleaned_data["standard"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Survey created. Add your own questions, then open it."))
            return redirect("surveys:detail", survey_id=survey.pk)
    status = 422 if form.errors else 200
    return render(request, "surveys/survey_form.html", {"form": form}, status=status)


@program_role(Role.COORDINATOR)
def survey_edit(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(survey_id)
    if not survey.is_draft:
        messages.error(request, _("This survey has been opened, so it can no longer change."))
        return redirect("surveys:detail", survey_id=survey.pk)
    initial = {"title": survey.title, "description": survey.description}
    form = SurveyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_survey(survey, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Survey saved."))
            return redirect("surveys:detail", survey_id=survey.pk)
    status = 422 if form.errors else 200
    context = {"form": form, "survey": survey}
    return render(request, "surveys/survey_form.html", context, status=status)


@program_role(Role.COORDINATOR)
@require_GET
def survey_detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    return _builder(request, _survey(survey_id))


def _builder(request, survey: Survey, *, custom_form=None, status: int = 200) -> HttpResponse:
    questions = questions_of(survey)
    present_keys = {q.key for q in questions}
    standard_form = StandardQuestionsForm(prefix="standard", present=present_keys)
    context = {
        "survey": survey,
        "questions": questions,
        "response_count": survey.responses.count(),
        "standard_form": standard_form if standard_form.fields["keys"].choices else None,
        "custom_form": custom_form or CustomQuestionForm(prefix="custom"),
    }
    if survey.is_open:
        context["public_url"] = public_url(request, survey)
        context["qr"] = qr_data_uri(context["public_url"])
    return render(request, "surveys/detail.html", context, status=status)


@program_role(Role.COORDINATOR)
@require_POST
def add_standard(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(survey_id)
    form = StandardQuestionsForm(request.POST, prefix="standard")
    if not form.is_valid():
        messages.error(request, _("Choose at least one standard question to add."))
        return redirect("surveys:detail", survey_id=survey.pk)
    try:
        added = services.add_standard_questions(
            survey, form.cleaned_data["keys"], actor=request.user
        )
    except ValidationError as exc:
        _refusal(request, exc)
    else:
        messages.success(request, _("Questions added: %(count)d.") % {"count": len(added)})
    return redirect("surveys:detail", survey_id=survey.pk)


@program_role(Role.COORDINATOR)
@require_POST
def add_custom(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(survey_id)
    form = CustomQuestionForm(request.POST, prefix="custom")
    if form.is_valid():
        try:
            services.add_custom_question(
                survey,
                actor=request.user,
                prompt=form.cleaned_data["prompt"],
                kind=form.cleaned_data["kind"],
                options=form.option_lines(),
                max_value=form.cleaned_data["max_value"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, _("Question added."))
            return redirect("surveys:detail", survey_id=survey.pk)
    return _builder(request, survey, custom_form=form, status=422)


def _question(survey_id: int, question_id: int) -> SurveyQuestion:
    return get_object_or_404(
        SurveyQuestion.objects.select_related("survey"), pk=question_id, survey_id=survey_id
    )


@program_role(Role.COORDINATOR)
@require_POST
def remove_question(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    question = _question(survey_id, question_id)
    try:
        services.remove_question(question, actor=request.user)
    except ValidationError as exc:
        _refusal(request, exc)
    else:
        messages.success(request, _("Question removed."))
    return redirect("surveys:detail", survey_id=survey_id)


@program_role(Role.COORDINATOR)
@require_POST
def move_question(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    question = _question(survey_id, question_id)
    ids = [q.pk for q in questions_of(question.survey)]
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    here = ids.index(question.pk)
    if step is not None and 0 <= here + step < len(ids):
        ids[here], ids[here + step] = ids[here + step], ids[here]
        try:
            services.reorder_questions(question.survey, ids, actor=request.user)
        except ValidationError as exc:
            _refusal(request, exc)
    return redirect(reverse("surveys:detail", args=[survey_id]) + f"#question-{question.pk}")


@program_role(Role.COORDINATOR)
@require_POST
def open_survey(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(survey_id)
    try:
        services.open_survey(survey, actor=request.user)
    except ValidationError as exc:
        _refusal(request, exc)
    else:
        messages.success(
            request, _("The survey is open. Staff can fill it in, and so can anyone with the link.")
        )
    return redirect("surveys:detail", survey_id=survey.pk)


@program_role(Role.COORDINATOR)
@require_POST
def close_survey(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(survey_id)
    try:
        services.close_survey(survey, actor=request.user)
    except ValidationError as exc:
        _refusal(request, exc)
    else:
        messages.success(request, _("The survey is closed. Its link no longer takes answers."))
    return redirect("surveys:detail", survey_id=survey.pk)


@program_role(Role.COORDINATOR)
@require_GET
def poster(request: HttpRequest, survey_id: int) -> HttpResponse:
    """A printable page with the QR code, for a table or a wall."""
    survey = _survey(survey_id)
    context = {"survey": survey}
    if survey.is_open:
        context["public_url"] = public_url(request, survey)
        context["qr"] = qr_data_uri(context["public_url"], scale=8)
    return render(request, "surveys/poster.html", context)


@program_role(Role.COORDINATOR)
@require_GET
def results(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Exact counts per answer, for coordinators and admins. Everyone else reads the
    answers in the reports, by whole quarter and year (``reports/grid.py``): one
    survey's own figures, read as answers come in, could be compared with those."""
    survey = _survey(survey_id)
    view = present(survey_results(survey))
    return render(request, "surveys/results.html", {"survey": survey, "results": view})
