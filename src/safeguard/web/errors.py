"""Error pages in the service's own style. None of them repeats anything from the request."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def _page(request: HttpRequest | None, status: int, title: str, explanation: str) -> HttpResponse:
    body = render_to_string("error.html", {"title": title, "explanation": explanation}, request=request)
    return HttpResponse(body, status=status)


def refused(request: HttpRequest, reason: str) -> HttpResponse:
    return _page(request, 403, "You cannot see this page", reason)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(
        request,
        403,
        "Your form could not be sent",
        "The form had expired or came from somewhere else. Go back, reload the page and try again.",
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 400, "Something in that request was not right", "Go back and try again.")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return refused(request, "Your role does not allow this.")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 404, "Page not found", "Check the address, or go back to your home page.")


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request: the failure may be in whatever the page would have used."""
    return _page(None, 500, "Sorry, something went wrong", "The page could not be shown. Try again later; if it keeps happening, tell your administrator.")
