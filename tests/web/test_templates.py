"""Templates: a macro that draws a form needs the page's CSRF token, which a macro imported
without the page's context cannot see; the form would then fail in a real browser with "Your
form could not be sent" while every test client test passed."""

from __future__ import annotations

import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "safeguard"
IMPORT = re.compile(r'\{%-?\s*from\s+"([^"]+)"\s+import\s+([^%]*?)\s*-?%\}')


def _template(name: str) -> Path | None:
    for path in SOURCE.rglob(f"templates/{name}"):
        return path
    return None


def test_every_import_of_macros_that_draw_forms_takes_the_page_s_context():
    offenders = []
    for template in SOURCE.rglob("templates/**/*.html"):
        for imported, names in IMPORT.findall(template.read_text(encoding="utf-8")):
            source = _template(imported)
            if source is not None and "csrf_input" in source.read_text(encoding="utf-8") and "with context" not in names:
                offenders.append(f"{template.relative_to(SOURCE)} imports {imported} without context")
    assert offenders == []
