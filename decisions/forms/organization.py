"""An organisation's settings, as its admins set them."""

from __future__ import annotations

from django import forms

from decisions.models import Organization


class OrganizationSettingsForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "approval_quorum"]
        labels = {"approval_quorum": "Approvals needed to accept a record"}
