"""An organisation's policy rules, written by its admins, applied to every decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from decisions.forms.policies import PolicyRuleForm
from decisions.models import Organization, PolicyRule
from decisions.services.policies import policy_rule_save
from decisions.views.common import HtmxHttpRequest
from decisions.views.organization import get_organization_for_admin
from scoring.licences import CATEGORY_NAMES, FLAG_NAMES
from scoring.questions import QUESTIONS


@login_required
def policy_rules(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    organization = get_organization_for_admin(request, slug)
    return render(
        request,
        "decisions/policy_rules.html",
        {
            "organization": organization,
            "rules": organization.policy_rules.select_related("updated_by"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def policy_rule_new(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    organization = get_organization_for_admin(request, slug)
    form = PolicyRuleForm(request.POST or None, organization_rules=organization.policy_rules.all())
    if request.method == "POST" and form.is_valid():
        policy_rule_save(
            organization=organization,
            by=request.user,
            name=form.cleaned_data["name"],
            definition=form.definition(),
            active=form.cleaned_data["active"],
        )
        messages.success(request, "Rule saved: it applies to every decision from now on.")
        return redirect("decisions:policy-rules", slug=organization.slug)
    return _render_rule(request, organization, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def policy_rule_edit(request: HtmxHttpRequest, slug: str, rule_id: int) -> HttpResponse:
    organization = get_organization_for_admin(request, slug)
    rule = get_object_or_404(organization.policy_rules, pk=rule_id)
    others = organization.policy_rules.exclude(pk=rule.pk)
    form = PolicyRuleForm(
        request.POST or None,
        initial=PolicyRuleForm.initial_for(rule),
        organization_rules=others,
    )
    if request.method == "POST" and form.is_valid():
        saved = policy_rule_save(
            organization=organization,
            by=request.user,
            name=form.cleaned_data["name"],
            definition=form.definition(),
            active=form.cleaned_data["active"],
            rule=rule,
        )
        messages.success(request, f"Rule saved as version {saved.version}.")
        return redirect("decisions:policy-rules", slug=organization.slug)
    return _render_rule(request, organization, form, rule)


def _render_rule(
    request: HtmxHttpRequest,
    organization: Organization,
    form: PolicyRuleForm,
    rule: PolicyRule | None,
) -> HttpResponse:
    return render(
        request,
        "decisions/policy_rule.html",
        {
            "organization": organization,
            "form": form,
            "rule": rule,
            "revisions": rule.revisions.select_related("saved_by") if rule else [],
            "questions": QUESTIONS,
            "flags": FLAG_NAMES,
            "categories": CATEGORY_NAMES,
        },
        status=400 if form.errors else 200,
    )
