"""An organisation's own settings and members, managed by its admins in the app (Django's
admin is for staff operators only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from decisions.forms.organization import MemberAddForm, MemberRoleForm, OrganizationSettingsForm
from decisions.models import Membership, Organization
from decisions.permissions import Action, Member, refusal, roles_that_may
from decisions.services.organizations import (
    MembershipRefused,
    membership_add,
    membership_remove,
    membership_set_role,
)
from decisions.views.common import HtmxHttpRequest


def get_organization_for_admin(request: HtmxHttpRequest, slug: str) -> Organization:
    """The organisation, if the user is a member (404 otherwise), and may manage it (403)."""
    membership = (
        Membership.objects.select_related("organization")
        .filter(user=request.user, organization__slug=slug)
        .first()
    )
    if membership is None:
        raise Http404("No such organisation.")
    if reason := refusal(Member(user_id=request.user.pk, role=membership.role), Action.MANAGE):
        raise PermissionDenied(reason)
    return membership.organization


def _membership(organization: Organization, pk: int) -> Membership:
    return get_object_or_404(organization.memberships.select_related("user"), pk=pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organization_settings(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    organization = get_organization_for_admin(request, slug)
    form = OrganizationSettingsForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("decisions:organization", slug=organization.slug)
    if form.errors:
        organization.refresh_from_db()  # the form set what was typed on it: show what is stored
    return _render(request, organization, settings_form=form, status=400 if form.errors else 200)


@login_required
@require_POST
def member_add(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    organization = get_organization_for_admin(request, slug)
    form = MemberAddForm(request.POST)
    if not form.is_valid():
        return _render(request, organization, add_form=form, status=400)
    try:
        membership = membership_add(
            organization=organization,
            username=form.cleaned_data["username"],
            role=form.cleaned_data["role"],
            by=request.user,
        )
    except MembershipRefused as refused:
        form.add_error("username", refused.reason)
        return _render(request, organization, add_form=form, status=409)
    messages.success(
        request, f"Added {membership.user.username} as {membership.get_role_display().lower()}."
    )
    return redirect("decisions:organization", slug=organization.slug)


@login_required
@require_POST
def member_role(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    organization = get_organization_for_admin(request, slug)
    membership = _membership(organization, pk)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        return _render(request, organization, problem="Choose one of the roles.", status=400)
    try:
        membership_set_role(membership=membership, role=form.cleaned_data["role"], by=request.user)
    except MembershipRefused as refused:
        return _render(request, organization, problem=refused.reason, status=409)
    messages.success(request, f"{membership.user.username} is now {form.cleaned_data['role']}.")
    return _back(request, organization)


@login_required
@require_POST
def member_remove(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    organization = get_organization_for_admin(request, slug)
    membership = _membership(organization, pk)
    try:
        membership_remove(membership=membership, by=request.user)
    except MembershipRefused as refused:
        return _render(request, organization, problem=refused.reason, status=409)
    messages.success(request, f"Removed {membership.user.username} from {organization.name}.")
    return _back(request, organization)


def _back(request: HtmxHttpRequest, organization: Organization) -> HttpResponse:
    """To the organisation's page, or to the decisions if the admin just gave up managing
    it (their own role changed, or they left)."""
    if Membership.objects.filter(
        user=request.user, organization=organization, role__in=roles_that_may(Action.MANAGE)
    ).exists():
        return redirect("decisions:organization", slug=organization.slug)
    return redirect("decisions:dashboard")


def _render(
    request: HtmxHttpRequest,
    organization: Organization,
    *,
    settings_form: OrganizationSettingsForm | None = None,
    add_form: MemberAddForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    members = organization.memberships.select_related("user").order_by("user__username")
    judges = sum(1 for m in members if m.role in roles_that_may(Action.JUDGE))
    return render(
        request,
        "decisions/organization.html",
        {
            "organization": organization,
            "form": settings_form or OrganizationSettingsForm(instance=organization),
            "add_form": add_form or MemberAddForm(),
            "members": [
                (m, MemberRoleForm(initial={"role": m.role}, auto_id=f"member-{m.pk}-%s"))
                for m in members
            ],
            "judges": judges,
            "problem": problem,
        },
        status=status,
    )
