"""An organisation's settings and members, as its admins set them."""

from __future__ import annotations

from django import forms

from decisions.models import Membership, Organization


class OrganizationSettingsForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "approval_quorum"]
        labels = {"approval_quorum": "Approvals needed to accept a record"}


class MemberAddForm(forms.Form):
    username = forms.CharField(
        label="User name",
        max_length=150,
        help_text="The user name they sign in with; an operator creates new accounts.",
    )
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.VIEWER)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)
