"""Every named route the URL configuration serves, found by walking it.

Used by the system check below and by the tests: both compare this list with ``ROUTES``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class ServedRoute:
    view_name: str
    """The name ``ROUTES`` is keyed by (``namespace:name``), or "" for an unnamed pattern."""
    pattern: str
    parameters: tuple[str, ...]


def served_routes() -> list[ServedRoute]:
    found: list[ServedRoute] = []
    _walk(get_resolver().url_patterns, namespace="", prefix="", found=found)
    return found


def _walk(patterns: list, namespace: str, prefix: str, found: list[ServedRoute]) -> None:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            _walk(entry.url_patterns, inner, prefix + str(entry.pattern), found)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else ""
            parameters = tuple(entry.pattern.converters) if hasattr(entry.pattern, "converters") else ()
            found.append(ServedRoute(name, prefix + str(entry.pattern), parameters))
