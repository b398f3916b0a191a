from django.urls import path

from catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("versions/", views.versions, name="versions"),
    path("models/<slug:slug>/", views.model_detail, name="model"),
]
