from django.urls import path

from decisions.views import (
    dashboard,
    exports,
    organization,
    policies,
    questionnaire,
    records,
    results,
    tco,
)

app_name = "decisions"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("decisions/new/", questionnaire.decision_new, name="new"),
    path(
        "organizations/<slug:slug>/",
        organization.organization_settings,
        name="organization",
    ),
    path("organizations/<slug:slug>/rules/", policies.policy_rules, name="policy-rules"),
    path("organizations/<slug:slug>/rules/new/", policies.policy_rule_new, name="policy-rule-new"),
    path(
        "organizations/<slug:slug>/rules/<int:rule_id>/",
        policies.policy_rule_edit,
        name="policy-rule",
    ),
    path(
        "organizations/<slug:slug>/members/add/",
        organization.member_add,
        name="member-add",
    ),
    path(
        "organizations/<slug:slug>/members/<int:pk>/role/",
        organization.member_role,
        name="member-role",
    ),
    path(
        "organizations/<slug:slug>/members/<int:pk>/remove/",
        organization.member_remove,
        name="member-remove",
    ),
    path("decisions/<int:pk>/", questionnaire.decision_detail, name="detail"),
    path("decisions/<int:pk>/shortlist/", questionnaire.shortlist, name="shortlist"),
    path("decisions/<int:pk>/questions/<slug:criterion>/", questionnaire.step, name="step"),
    path(
        "decisions/<int:pk>/questions/<slug:criterion>/autosave/",
        questionnaire.step_autosave,
        name="step-autosave",
    ),
    path(
        "decisions/<int:pk>/questions/<slug:criterion>/move/",
        questionnaire.step_move,
        name="step-move",
    ),
    path("decisions/<int:pk>/record/", records.record, name="record"),
    path("decisions/<int:pk>/record/edit/", records.record_edit, name="record-edit"),
    path("decisions/<int:pk>/record/submit/", records.record_submit, name="record-submit"),
    path("decisions/<int:pk>/record/verdict/", records.record_verdict, name="record-verdict"),
    path("decisions/<int:pk>/record/reopen/", records.record_reopen, name="record-reopen"),
    path("decisions/<int:pk>/record/deprecate/", records.record_deprecate, name="record-deprecate"),
    path("decisions/<int:pk>/record/revisit/", records.record_revisit, name="record-revisit"),
    path("decisions/<int:pk>/record/archive/", records.record_archive, name="record-archive"),
    path(
        "decisions/<int:pk>/record/cost-basis/", records.record_cost_basis, name="record-cost-basis"
    ),
    path("decisions/<int:pk>/record/exports/", exports.record_exports, name="record-exports"),
    path(
        "decisions/<int:pk>/record/exports/pdf/",
        exports.record_export_pdf,
        name="record-export-pdf",
    ),
    path(
        "decisions/<int:pk>/record/exports/<int:export_id>/download/",
        exports.record_export_download,
        name="record-export-download",
    ),
    path(
        "decisions/<int:pk>/record/export.md",
        exports.record_export_markdown,
        name="record-export-markdown",
    ),
    path(
        "decisions/<int:pk>/record/export.json",
        exports.record_export_json,
        name="record-export-json",
    ),
    path("decisions/<int:pk>/results/", results.results, name="results"),
    path("decisions/<int:pk>/weights/", results.weights, name="weights"),
    path("decisions/<int:pk>/weights/direct/", results.weights_direct, name="weights-direct"),
    path("decisions/<int:pk>/weights/pairwise/", results.weights_pairwise, name="weights-pairwise"),
    path(
        "decisions/<int:pk>/weights/direct/what-if/",
        results.weights_what_if_direct,
        name="weights-what-if-direct",
    ),
    path(
        "decisions/<int:pk>/weights/pairwise/what-if/",
        results.weights_what_if_pairwise,
        name="weights-what-if-pairwise",
    ),
    path(
        "decisions/<int:pk>/weights/suggested/",
        results.weights_suggested,
        name="weights-suggested",
    ),
    path("decisions/<int:pk>/tco/", tco.tco, name="tco"),
    path("decisions/<int:pk>/tco/<int:number>/", tco.simulation, name="simulation"),
    path(
        "decisions/<int:pk>/tco/<int:number>/cancel/",
        tco.simulation_cancel_view,
        name="simulation-cancel",
    ),
]
