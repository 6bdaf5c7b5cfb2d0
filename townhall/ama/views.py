"""Ask-me-anything in the browser: the overview, a session's page, opening a session,
asking, voting, answering in place and deleting a question.

Thin: reads through townhall.access.ama and townhall.ama.selectors (questions are only
ever shown as selectors.QuestionView, which carries the asker only when the reader may
know it), writes through townhall.ama.actions. Everything works as plain forms; htmx
(HX-Request) gets the changed question fragment instead of a redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from townhall.access import ama as access
from townhall.access.groups import member_group_ids, visible_groups
from townhall.access.roles import is_admin, is_leader
from townhall.ama import actions, selectors
from townhall.ama.forms import AnswerForm, QuestionForm, SessionForm

TABS = {"all": None, "unanswered": False, "answered": True}
STATE_STATUS = {"not_started": 409, "closed": 409, "voted": 409, "not_voted": 409}


def is_htmx(request) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def _session_url(session_id: int, question_id: int | None = None) -> str:
    url = reverse("ama:detail", args=[session_id])
    return f"{url}#question-{question_id}" if question_id else url


def _problem(request, error, *, status: int, back: str) -> HttpResponse:
    """A refused action: htmx gets the messages as a fragment; a plain form a message on
    the page it came from."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        lines = [m for ms in error.message_dict.values() for m in ms]
    elif isinstance(error, ValidationError):
        lines = error.messages
    else:
        lines = [str(error) or _("You cannot do that.")]
    if is_htmx(request):
        return render(request, "ama/_errors.html", {"lines": lines}, status=status)
    for line in lines:
        messages.error(request, line)
    return redirect(back)


def _status_of(error: ValidationError) -> int:
    codes = {e.code for e in getattr(error, "error_list", [])}
    return 409 if codes & set(STATE_STATUS) else 422


def _question_fragment(request, question, status: int = 200) -> HttpResponse:
    view = selectors.present_question(request.user, question)
    session = question.session
    return render(
        request,
        "ama/_question.html",
        {"q": view, "session": session, "answer_form": AnswerForm()},
        status=status,
    )


# --- reading --------------------------------------------------------------------------


@login_required
@require_GET
def index(request):
    overview = selectors.overview(request.user)
    can_open = is_leader(request.user) or is_admin(request.user)
    return render(
        request, "ama/index.html", {"overview": overview, "can_open": can_open, "nav": "ama"}
    )


@login_required
@require_GET
def detail(request, session_id: int):
    session = access.get_ama_session_or_404(request.user, pk=session_id)
    tab = request.GET.get("tab", "all")
    if tab not in TABS:
        tab = "all"
    page = selectors.question_page(
        request.user, session, answered=TABS[tab], cursor=request.GET.get("cursor")
    )
    if page is None:
        messages.error(request, _("That page link is not valid; here is the first page."))
        return redirect(f"{_session_url(session.pk)}?tab={tab}")
    context = {
        "session": session,
        "questions": page.items,
        "next_cursor": page.next_cursor,
        "tab": tab,
        "counts": selectors.question_counts(request.user, session),
        "can_ask": access.can_ask_in_ama(request.user, session),
        "question_form": QuestionForm(),
        "answer_form": AnswerForm(),
        "nav": "ama",
    }
    return render(request, "ama/detail.html", context)


@login_required
@require_GET
def question(request, question_id: int):
    """A question's permalink: htmx gets the fragment, a browser the session page at it."""
    found = access.get_ama_question_or_404(request.user, pk=question_id)
    if is_htmx(request):
        return _question_fragment(request, found)
    return redirect(_session_url(found.session_id, found.pk))


# --- opening a session ----------------------------------------------------------------


def _group_choices(actor):
    return list(
        visible_groups(actor).filter(pk__in=member_group_ids(actor), archived_at__isnull=True)
    )


@login_required
def create(request):
    user = request.user
    if not (is_leader(user) or is_admin(user)):
        raise PermissionDenied(_("Only leaders and admins open ask-me-anything sessions."))
    groups = _group_choices(user)
    form = SessionForm(
        request.POST or None, groups=groups, org_allowed=access.can_open_ama(user, None)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = actions.open_session(
                actor=user,
                title=data["title"],
                description=data["description"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                group=form.target_group(),
            )
        except ValidationError as error:
            form.add_action_error(error)
        else:
            messages.success(request, _("Your session is scheduled."))
            return redirect("ama:detail", session_id=session.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "ama/create.html", {"form": form, "nav": "ama"}, status=status)


# --- questions ------------------------------------------------------------------------


@login_required
@require_POST
def ask(request, session_id: int):
    session = access.get_ama_session_or_404(request.user, pk=session_id)
    back = _session_url(session.pk)
    form = QuestionForm(request.POST)
    form.is_valid()
    try:
        created = actions.ask_question(
            actor=request.user,
            session=session,
            body=form.cleaned_data.get("body", ""),
            anonymous=form.cleaned_data.get("anonymous", False),
        )
    except ValidationError as error:
        return _problem(request, error, status=_status_of(error), back=back)
    except PermissionDenied as error:
        return _problem(request, error, status=403, back=back)
    if is_htmx(request):
        return _question_fragment(request, created, status=201)
    messages.success(request, _("Your question is in."))
    return redirect(_session_url(session.pk, created.pk))


@login_required
@require_POST
def vote(request, question_id: int):
    found = access.get_ama_question_or_404(request.user, pk=question_id)
    back = _session_url(found.session_id, found.pk)
    try:
        if request.POST.get("action") == "unvote":
            actions.unvote(actor=request.user, question=found)
        else:
            actions.vote(actor=request.user, question=found)
    except ValidationError as error:
        return _problem(request, error, status=_status_of(error), back=back)
    except PermissionDenied as error:
        return _problem(request, error, status=403, back=back)
    if is_htmx(request):
        return _question_fragment(request, found)
    return redirect(back)


@login_required
@require_POST
def answer(request, question_id: int):
    found = access.get_ama_question_or_404(request.user, pk=question_id)
    back = _session_url(found.session_id, found.pk)
    form = AnswerForm(request.POST)
    form.is_valid()
    try:
        actions.answer_question(
            actor=request.user, question=found, answer=form.cleaned_data.get("answer", "")
        )
    except ValidationError as error:
        return _problem(request, error, status=_status_of(error), back=back)
    except PermissionDenied as error:
        return _problem(request, error, status=403, back=back)
    if is_htmx(request):
        return _question_fragment(request, found)
    messages.success(request, _("Your answer is published."))
    return redirect(back)


@login_required
@require_POST
def delete(request, question_id: int):
    found = access.get_ama_question_or_404(request.user, pk=question_id)
    try:
        actions.delete_question(actor=request.user, question=found)
    except PermissionDenied as error:
        return _problem(request, error, status=403, back=_session_url(found.session_id))
    if is_htmx(request):
        return HttpResponse("")
    messages.success(request, _("The question is deleted."))
    return redirect(_session_url(found.session_id))
