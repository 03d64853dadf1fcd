"""Every form speaks in its own words: no field that must be filled in falls back to Django's
"This field is required.", which tells a person neither which box nor what to put in it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from django import forms

import safeguard

DJANGO_DEFAULT = forms.Field.default_error_messages["required"]


def _forms_of_the_product() -> list[type[forms.BaseForm]]:
    found: list[type[forms.BaseForm]] = []
    for module_info in pkgutil.walk_packages(safeguard.__path__, "safeguard."):
        if not module_info.name.endswith((".forms", ".views")):
            continue
        module = importlib.import_module(module_info.name)
        found += [
            cls for _, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__
        ]
    return found


def test_the_product_has_forms_to_check():
    assert len(_forms_of_the_product()) > 20


def test_no_required_field_falls_back_to_djangos_wording():
    silent = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _forms_of_the_product()
        for name, field in form.base_fields.items()
        if field.required and not field.widget.is_hidden and field.error_messages.get("required") == DJANGO_DEFAULT
    ]
    assert silent == []
