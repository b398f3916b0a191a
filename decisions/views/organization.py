"""An organisation's own settings, managed by its admins in the app (not in Django's admin)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from decisions.forms.organization import OrganizationSettingsForm
from decisions.models import Membership, Organization
from decisions.permissions import Action, Member, refusal
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


@login_required
@require_http_methods(["GET", "POST"])
def organization_settings(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    organization = get_organization_for_admin(request, slug)
    form = OrganizationSettingsForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("decisions:organization", slug=organization.slug)
    members = organization.memberships.select_related("user").order_by("user__username")
    return render(
        request,
        "decisions/organization.html",
        {"organization": organization, "form": form, "members": members},
        status=400 if form.errors else 200,
    )
