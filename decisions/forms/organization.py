"""An organisation's settings and members, as its admins set them."""

from __future__ import annotations

from django import forms

from decisions.models import Membership, Organization

QUORUM_RANGE = "Choose between 1 and 9 approvals."


class OrganizationSettingsForm(forms.ModelForm):
    # The model's bounds, with one message for both ends (the model field alone would also
    # offer PositiveSmallIntegerField's own floor of 0).
    approval_quorum = forms.IntegerField(
        label="Approvals needed to accept a record",
        min_value=1,
        max_value=9,
        help_text=Organization._meta.get_field("approval_quorum").help_text,
        error_messages={"min_value": QUORUM_RANGE, "max_value": QUORUM_RANGE},
    )

    class Meta:
        model = Organization
        fields = ["name", "approval_quorum"]


class MemberAddForm(forms.Form):
    username = forms.CharField(
        label="User name",
        max_length=150,
        help_text="The user name they sign in with; an operator creates new accounts.",
    )
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.VIEWER)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)
