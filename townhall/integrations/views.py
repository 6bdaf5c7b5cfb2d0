"""Pages for webhooks and bots: the organisation's in the admin area, a group's beside its
settings. Secrets and tokens are shown once, on the page that answers their creation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.access.groups import can_read_group_content, get_group_or_404
from townhall.access.integrations import (
    can_manage_group_integrations,
    can_manage_organisation_webhooks,
    get_bot_or_404,
    get_webhook_or_404,
)
from townhall.integrations import actions, selectors
from townhall.integrations.forms import BotForm, WebhookForm
from townhall.integrations.models import EVENT_KINDS
from townhall.siteadmin.navigation import SECTIONS


def _frame(request, group) -> dict:
    """What the surrounding page needs: the admin area's navigation, or the group's header."""
    if group is None:
        return {
            "base_template": "siteadmin/base.html",
            "nav": "admin",
            "sections": SECTIONS,
            "section": "webhooks",
        }
    return {
        "base_template": "integrations/group_base.html",
        "nav": "groups",
        "group": group,
        "can_read": can_read_group_content(request.user, group),
    }


def _managed_group_or_404(request, slug: str):
    group = get_group_or_404(request.user, slug=slug)
    if not can_manage_group_integrations(request.user, group):
        raise Http404
    return group


def _list_url(webhook_group) -> str:
    if webhook_group is None:
        return reverse("siteadmin:webhooks")
    return reverse("integrations:group", args=[webhook_group.slug])


def _created(request, group, webhook, secret):
    context = {**_frame(request, group), "webhook": webhook, "secret": secret}
    return render(request, "integrations/webhook_created.html", context, status=201)


def _create_webhook(request, group, form):
    if not form.is_valid():
        return None
    try:
        webhook, secret = actions.create_webhook(
            actor=request.user, group=group, **form.cleaned_data
        )
    except ValidationError as error:
        form.add_action_errors(error)
        return None
    return _created(request, group, webhook, secret)


# --- the organisation's webhooks (admin area) --------------------------------------------


@login_required
def organisation_webhooks(request):
    if not can_manage_organisation_webhooks(request.user):
        raise Http404
    form = WebhookForm(request.POST or None)
    if request.method == "POST":
        created = _create_webhook(request, None, form)
        if created:
            return created
    context = {
        **_frame(request, None),
        "webhooks": selectors.webhooks_for(request.user, organisation=True),
        "form": form,
        "kinds": EVENT_KINDS,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "integrations/organisation_webhooks.html", context, status=status)


# --- a group's webhooks and bots -------------------------------------------------------------


def _group_page(request, group, *, webhook_form=None, bot_form=None, status=200):
    context = {
        **_frame(request, group),
        "webhooks": selectors.webhooks_for(request.user, group),
        "bots": selectors.bots_of(request.user, group),
        "webhook_form": webhook_form or WebhookForm(group=group),
        "bot_form": bot_form or BotForm(prefix="bot"),
        "kinds": EVENT_KINDS,
    }
    return render(request, "integrations/group.html", context, status=status)


@login_required
def group_integrations(request, slug: str):
    return _group_page(request, _managed_group_or_404(request, slug))


@login_required
@require_POST
def create_group_webhook(request, slug: str):
    group = _managed_group_or_404(request, slug)
    form = WebhookForm(request.POST, group=group)
    return _create_webhook(request, group, form) or _group_page(
        request, group, webhook_form=form, status=400
    )


@login_required
@require_POST
def create_bot(request, slug: str):
    group = _managed_group_or_404(request, slug)
    form = BotForm(request.POST, prefix="bot")
    if form.is_valid():
        try:
            bot, token = actions.create_bot(
                actor=request.user, group=group, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            context = {
                **_frame(request, group),
                "bot": bot,
                "token": token,
                "api_url": request.build_absolute_uri("/api/v1/bots/posts"),
            }
            return render(request, "integrations/bot_created.html", context, status=201)
    return _group_page(request, group, bot_form=form, status=400)


@login_required
@require_POST
def revoke_bot(request, bot_id: int):
    bot = get_bot_or_404(request.user, pk=bot_id)
    actions.revoke_bot(actor=request.user, bot=bot)
    messages.success(request, _("The bot’s token no longer works. Its posts stay."))
    return redirect("integrations:group", slug=bot.group.slug)


# --- one webhook: settings, test, log ------------------------------------------------------


@login_required
def webhook(request, webhook_id: int):
    hook = get_webhook_or_404(request.user, pk=webhook_id)
    initial = {"name": hook.name, "url": hook.url, "events": hook.events, "active": hook.active}
    form = WebhookForm(request.POST or None, initial=initial, group=hook.group, editing=True)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.update_webhook(actor=request.user, webhook=hook, **form.cleaned_data)
            except ValidationError as error:
                form.add_action_errors(error)
            else:
                messages.success(request, _("The webhook is saved."))
                return redirect("integrations:webhook", webhook_id=hook.pk)
        status = 400
        hook.refresh_from_db()
    context = {
        **_frame(request, hook.group),
        "webhook": hook,
        "form": form,
        "attempts": selectors.attempts_of(hook),
        "kinds": EVENT_KINDS,
        "list_url": _list_url(hook.group),
    }
    return render(request, "integrations/webhook.html", context, status=status)


@login_required
@require_POST
def test_webhook(request, webhook_id: int):
    hook = get_webhook_or_404(request.user, pk=webhook_id)
    actions.send_test(actor=request.user, webhook=hook)
    messages.success(
        request, _("A test is on its way. Its answer appears in the log below within seconds.")
    )
    return redirect("integrations:webhook", webhook_id=hook.pk)


@login_required
@require_POST
def delete_webhook(request, webhook_id: int):
    hook = get_webhook_or_404(request.user, pk=webhook_id)
    group = hook.group
    actions.delete_webhook(actor=request.user, webhook=hook)
    messages.success(request, _("The webhook is deleted."))
    return redirect(_list_url(group))
