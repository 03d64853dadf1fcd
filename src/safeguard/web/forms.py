"""Form fields shared by the web application's pages, shaped for the GOV.UK macros.

A date is asked for as three boxes (day, month, year), the GOV.UK pattern that works for
everyone, keyboard and screen reader included; ``templates/_forms.html`` draws it and
``DateField`` reads it back, with errors that say which part is wrong.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

PARTS = ("day", "month", "year")


class DateParts(forms.MultiWidget):
    """Three text boxes posted as ``<name>_day``, ``<name>_month`` and ``<name>_year``."""

    def __init__(self) -> None:
        super().__init__(widgets={part: forms.TextInput() for part in PARTS})

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date from three boxes, with the GOV.UK error messages."""

    widget = DateParts

    def __init__(self, *, label_text: str = "The date", error_messages: dict[str, str] | None = None, **kwargs: Any) -> None:
        self.label_text = label_text
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        # Django fills in its own "This field is required." before any setdefault could act, so
        # the field's own words are passed in, with the caller's wording winning.
        messages = {
            "required": f"Enter {label_text[0].lower()}{label_text[1:]}",
            "incomplete": f"{label_text} must include a day, month and year",
            **(error_messages or {}),
        }
        super().__init__(fields=fields, require_all_fields=False, error_messages=messages, **kwargs)

    def compress(self, data_list: list[str]) -> date | None:
        if not data_list or not any(data_list):
            return None
        try:
            day, month, year = (int(str(part).strip()) for part in data_list)
            if year < 1900:
                raise ValueError
            return date(year, month, day)
        except (TypeError, ValueError):
            raise forms.ValidationError(f"{self.label_text} must be a real date, for example 27 3 2026") from None


def parts_of(form: forms.Form, name: str) -> dict[str, str]:
    """What a date field's boxes hold now (what was posted, or the initial date), for redrawing."""
    field = form[name]
    value = field.value()
    if isinstance(value, date):
        return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
    if isinstance(value, (list, tuple)):
        return {part: "" if item is None else str(item) for part, item in zip(PARTS, value)}
    return {part: "" for part in PARTS}


def choice_items(form: forms.Form, name: str) -> list[dict[str, Any]]:
    """A choice field's options in the shape ``govukSelect`` and ``govukRadios`` take, the
    current one selected (what was posted, or the initial value)."""
    current = form[name].value()
    chosen = "" if current is None else str(current)
    return [
        {"value": str(value), "text": str(label), "selected": str(value) == chosen}
        for value, label in form.fields[name].choices  # type: ignore[attr-defined]
    ]
