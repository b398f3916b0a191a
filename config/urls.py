import sys

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.urls import include, path
from django.views.defaults import server_error as django_server_error


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness probe; also the bare view the benchmarks compare against."""
    return HttpResponse("ok", content_type="text/plain")


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``. A database that cannot be reached (restarting, or the network to it
    down) is a moment's outage, not a bug: 503 with a sentence and a Retry-After. Django
    calls this while handling the exception, so the exception is the current one. The
    page renders without the database (no session, no user)."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "5"
        return response
    return django_server_error(request)


handler500 = server_error

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("catalog/", include("catalog.urls")),
    path("", include("decisions.urls")),
]
