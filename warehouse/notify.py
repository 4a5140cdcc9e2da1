"""Tell someone when a run needs attention: a short message to a webhook (Slack, Teams, a chat bot)."""

from __future__ import annotations

import json
import logging
import urllib.request

from warehouse.report import RunSummary

log = logging.getLogger(__name__)


def needs_attention(summary: RunSummary) -> bool:
    return summary.exit_code != 0


def run_message(summary: RunSummary) -> str:
    lines = [
        f"IIP warehouse run {summary.run_id}: {summary.outcome}",
        f"{summary.releases_loaded} releases loaded, {summary.facts_loaded} facts, "
        f"{len(summary.failed_releases)} releases held back, {len(summary.rejected_files)} files rejected",
    ]
    lines += [f"held back: release {rid}: {why}" for rid, why in summary.failed_releases.items()]
    lines += [f"rejected: {f.status.removeprefix('rejected: ')}" for f in summary.rejected_files]
    if summary.report_path:
        lines.append(f"report: {summary.report_path}")
    return "\n".join(lines)


def post_webhook(url: str, summary: RunSummary, timeout: float = 10) -> bool:
    """POST {"text": ..., "run_id": ..., "outcome": ...}; a webhook that fails is logged, never fatal."""
    payload = {"text": run_message(summary), "run_id": summary.run_id, "outcome": summary.outcome}
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return 200 <= response.status < 300
    except OSError as exc:
        log.warning("could not notify %s: %s", url, exc)
        return False
