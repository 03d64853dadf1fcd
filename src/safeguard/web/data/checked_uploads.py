"""What an uploaded return's check left beside it: its findings and how it compared with the
last snapshot, kept as a private JSON file next to the upload until the upload is decided.

The upload page, its downloads and the decision (``decisions``) all read the same file through
these functions.
"""

from __future__ import annotations

import json
from pathlib import Path

from safeguard.annex_a.findings import Finding, Severity, sort_key
from safeguard.errors import SafeguardError
from safeguard.home import write_private
from safeguard.snapshots import PlausibilityFinding, PlausibilityReport
from safeguard.web.data.models import Upload, UploadStatus


def findings_path(upload: Upload) -> Path:
    return upload.path.with_suffix(".findings.json")


def save_findings(upload: Upload, findings: list[Finding], report: PlausibilityReport | None) -> None:
    """The check's findings and the comparison with the last snapshot, kept beside the upload."""
    document = {
        "findings": [finding.to_json() for finding in sorted(findings, key=sort_key)],
        "plausibility": report.to_json() if report is not None else None,
    }
    write_private(findings_path(upload), json.dumps(document, ensure_ascii=False).encode("utf-8"))


def read_document(upload: Upload) -> dict:
    try:
        return json.loads(findings_path(upload).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SafeguardError(f"The findings of this upload cannot be read ({error}).") from error


def read_findings(upload: Upload) -> list[Finding]:
    return [
        Finding(**{**item, "severity": Severity(item["severity"])}) for item in read_document(upload).get("findings", [])
    ]


def read_plausibility(upload: Upload) -> tuple[str, list[PlausibilityFinding]]:
    """What the upload was compared with, and what did not fit (nothing once it is decided)."""
    if upload.status != UploadStatus.CHECKED or not upload.can_be_accepted:
        return "", []
    stored = read_document(upload).get("plausibility") or {}
    return stored.get("comparison", ""), [PlausibilityFinding.from_json(item) for item in stored.get("findings", [])]
