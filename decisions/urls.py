from django.urls import path

from decisions.views import questionnaire, results, tco

app_name = "decisions"

urlpatterns = [
    path("", questionnaire.dashboard, name="dashboard"),
    path("decisions/new/", questionnaire.decision_new, name="new"),
    path("decisions/<int:pk>/", questionnaire.decision_detail, name="detail"),
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
    path("decisions/<int:pk>/results/", results.results, name="results"),
    path("decisions/<int:pk>/weights/", results.weights, name="weights"),
    path("decisions/<int:pk>/weights/direct/", results.weights_direct, name="weights-direct"),
    path("decisions/<int:pk>/weights/pairwise/", results.weights_pairwise, name="weights-pairwise"),
    path(
        "decisions/<int:pk>/weights/suggested/",
        results.weights_suggested,
        name="weights-suggested",
    ),
    path("decisions/<int:pk>/tco/", tco.tco, name="tco"),
    path("decisions/<int:pk>/tco/<int:simulation_pk>/", tco.simulation, name="simulation"),
    path(
        "decisions/<int:pk>/tco/<int:simulation_pk>/cancel/",
        tco.simulation_cancel_view,
        name="simulation-cancel",
    ),
]
