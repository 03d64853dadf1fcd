"""Each worker's head start: the leaders' pages drawn before the first request.

Each worker process keeps the figures and the leaders' pages drawn from them in memory
(``safeguard.aggregates.published``). Drawn on a worker's first request, they would cost that
request seconds: reading the figures, compiling the templates and starting the chart renderer.
So each worker prepares them as it loads the application (``safeguard.web.wsgi``), before it
takes a request: the figures, the dashboard for every kind of viewer, and the first indicator's
page for every kind of viewer (which compiles the templates and starts the renderer; the other
indicators' pages are then drawn on first request in a few tens of milliseconds, and kept).
"""

from __future__ import annotations

import logging

from safeguard.errors import SafeguardError

logger = logging.getLogger(__name__)


def prepare_leaders_pages() -> None:
    """Draw what the leaders' pages show for the store as it is now, for every kind of viewer.
    Whatever goes wrong is logged and left for the pages themselves to meet and explain: a
    worker that failed here would not start, and the site would be down for want of a head start."""
    from safeguard import aggregates
    from safeguard.web.access.policy import ROLES, Permission
    from safeguard.web.leadership.dashboard import dashboard_body
    from safeguard.web.leadership.indicators import indicator_body

    viewers = {aggregates.Viewer.of([role]) for role, held in ROLES.items() if Permission.SEE_AGGREGATES in held.permissions}
    try:
        state = aggregates.published()
        for viewer in viewers:
            dashboard_body(viewer, state)
            summaries = aggregates.dashboard(viewer, state=state).summaries
            detail = aggregates.indicator_detail(summaries[0].id, viewer, state) if summaries else None
            if detail is not None:
                for may_raise_challenge in (True, False):
                    indicator_body(detail, viewer, state, may_raise_challenge=may_raise_challenge)
    except SafeguardError as error:
        logger.warning("The leaders' pages were not prepared in advance: %s", error)
    except Exception:  # any failure here is the first request's to meet, not the worker's
        logger.exception("The leaders' pages were not prepared in advance")
