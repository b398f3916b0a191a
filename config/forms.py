"""How Django renders form fields: through the project's templates, one field template for
every form (``templates/forms/field.html``)."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """``FORM_RENDERER``: widget templates are looked up like any other template, so the
    project's ``templates/forms/`` can add its own next to Django's."""

    field_template_name = "forms/field.html"
