"""An organisation's policy rules: every save is a new version, kept."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from decisions.models import Organization, PolicyRule, PolicyRuleRevision


@transaction.atomic
def policy_rule_save(
    *,
    organization: Organization,
    by: User,
    name: str,
    definition: dict[str, Any],
    active: bool,
    rule: PolicyRule | None = None,
) -> PolicyRule:
    """Create a rule (version 1), or change one (its version goes up by one); the version as
    saved is kept in its revisions. ``definition`` has been checked (``forms.policies``)."""
    if rule is None:
        rule = PolicyRule(organization=organization, version=1)
    else:
        rule = PolicyRule.objects.select_for_update().get(pk=rule.pk, organization=organization)
        rule.version += 1
    rule.name, rule.definition, rule.active, rule.updated_by = name, definition, active, by
    rule.save()
    PolicyRuleRevision.objects.create(
        rule=rule,
        version=rule.version,
        name=name,
        definition=definition,
        active=active,
        saved_by=by,
    )
    return rule
