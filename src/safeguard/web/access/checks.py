"""A system check (run by ``manage.py check``, ``migrate`` and ``serve``) that refuses to start
while a served route has no policy, or the policy names a route that is not served."""

from __future__ import annotations

from django.core.checks import Error, register

from safeguard.web.access.policy import ROUTES
from safeguard.web.access.routes import served_routes


@register()
def every_route_has_a_policy(app_configs: object, **kwargs: object) -> list[Error]:
    errors = []
    served = served_routes()
    for route in served:
        if route.view_name not in ROUTES:
            errors.append(
                Error(
                    f"The route {route.pattern!r} ({route.view_name or 'unnamed'}) has no entry in the policy table.",
                    hint="Name it and add it to safeguard.web.access.policy.ROUTES; until then it refuses everyone.",
                    id="safeguard.E001",
                )
            )
    names = {route.view_name for route in served}
    for view_name in ROUTES:
        if view_name not in names:
            errors.append(
                Error(f"The policy table names {view_name!r}, which no URL serves.", id="safeguard.E002")
            )
    return errors
