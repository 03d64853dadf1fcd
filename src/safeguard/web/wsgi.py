"""The WSGI application gunicorn serves (``safeguard serve``).

gunicorn loads this module in each worker, after the worker starts and before it takes a request,
so each worker draws the leaders' pages here (``safeguard.web.serving``): drawn on a worker's first
request instead, they would cost that request seconds. A gunicorn configuration an operator gives
(``GUNICORN_CMD_ARGS="--config ..."``) is left free for their own hooks.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.web.settings.base")

application = get_wsgi_application()

from safeguard.web.serving import prepare_leaders_pages  # noqa: E402 (needs Django set up above)

prepare_leaders_pages()
