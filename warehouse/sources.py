"""Where release files come from in production: an inbox folder, and the office's release address.

Files dropped in the inbox are ingested, then moved to inbox/archive/; a file that cannot be used moves
to inbox/rejected/ beside `<name>.reason.txt`. A fetched file lands in the inbox, unless its bytes are
already in the warehouse.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import date
from email.message import Message
from pathlib import Path

MAX_DOWNLOAD_BYTES = 200 * 1024 * 1024  # the office's workbooks are well under 5 MB
_DATED_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}[-_. ]")
_SAFE_NAME = re.compile(r"[^\w.\-]+")


class FetchFailed(RuntimeError):
    """The release address did not answer with a file (an error, a timeout): worth retrying."""


@dataclass(frozen=True)
class Inbox:
    root: Path

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def rejected(self) -> Path:
        return self.root / "rejected"

    def ensure(self) -> Inbox:
        for folder in (self.root, self.archive, self.rejected):
            folder.mkdir(parents=True, exist_ok=True)
        return self

    def pending(self) -> list[Path]:
        """Files waiting at the top of the inbox (not half-written downloads, not hidden files)."""
        if not self.root.is_dir():
            return []
        return sorted(
            p
            for p in self.root.iterdir()
            if p.is_file() and not p.name.startswith(".") and not p.name.endswith(".partial")
        )

    def archive_file(self, path: Path) -> Path:
        return _move(path, self.ensure().archive)

    def reject_file(self, path: Path, reason: str) -> Path:
        target = _move(path, self.ensure().rejected)
        target.with_name(target.name + ".reason.txt").write_text(reason.rstrip() + "\n", encoding="utf-8")
        return target


def _move(path: Path, folder: Path) -> Path:
    target = folder / path.name
    if target.exists():  # the same name again (a re-sent file): keep both
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
        target = folder / f"{path.stem}.{digest}{path.suffix}"
    return Path(shutil.move(str(path), target))


@dataclass(frozen=True)
class FetchOutcome:
    url: str
    sha256: str
    path: Path | None  # where the file landed; None when the warehouse already had these bytes
    already_had: bool


def fetch_release(url: str, inbox: Inbox, known_sha256s: set[str], timeout: float, today: date) -> FetchOutcome:
    """Download the release at `url` into the inbox, unless its bytes are already known."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body = response.read(MAX_DOWNLOAD_BYTES + 1)
            name = _file_name(url, response.headers)
    except urllib.error.HTTPError as exc:
        raise FetchFailed(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        raise FetchFailed(f"{url}: {getattr(exc, 'reason', exc)}") from exc
    if len(body) > MAX_DOWNLOAD_BYTES:
        raise FetchFailed(f"{url}: larger than {MAX_DOWNLOAD_BYTES} bytes, not a monthly release")
    sha256 = hashlib.sha256(body).hexdigest()
    if sha256 in known_sha256s:
        return FetchOutcome(url, sha256, None, already_had=True)
    if not _DATED_NAME.match(name):
        name = f"{today:%Y-%m-%d}-{name}"  # fetched on its publication day: that date orders the vintages
    target = inbox.ensure().root / name
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(body)
    partial.replace(target)
    return FetchOutcome(url, sha256, target, already_had=False)


def _file_name(url: str, headers: Message) -> str:
    """A safe file name from Content-Disposition or the URL: never a path, never hidden."""
    name = headers.get_filename() or Path(urllib.parse.urlparse(url).path).name or "release"
    name = _SAFE_NAME.sub("-", Path(name.replace("\\", "/")).name).lstrip(".-") or "release"
    return name
