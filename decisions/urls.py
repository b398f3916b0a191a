from django.urls import path

from decisions import views

app_name = "decisions"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("decisions/new/", views.decision_new, name="new"),
    path("decisions/<int:pk>/", views.decision_detail, name="detail"),
    path("decisions/<int:pk>/questions/<slug:criterion>/", views.questionnaire_step, name="step"),
    path("decisions/<int:pk>/results/", views.results, name="results"),
]
