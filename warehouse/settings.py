"""Where everything lives: paths and knobs, each overridable from the environment.

This module imports nothing else of the project, so any module (and the fast `iip sql`) may import it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    """A top-level folder of the repository, or its copy inside an installed wheel."""
    in_wheel = PACKAGE_DIR / "_bundled" / name
    return in_wheel if in_wheel.is_dir() else PACKAGE_DIR.parent / name


SQL_DIR = _bundled("sql")
SCHEMA_SQL_DIR = SQL_DIR / "schema"
VIEWS_SQL_DIR = SQL_DIR / "views"
MACROS_SQL_DIR = SQL_DIR / "macros"
EXPECTATIONS_DIR = _bundled("expectations")
REFERENCE_DIR = PACKAGE_DIR / "reference"
SAMPLE_DIR = PACKAGE_DIR / "sample"

WAREHOUSE_ENV = "IIP_WAREHOUSE"
INBOX_ENV = "IIP_INBOX"  # folder the scheduled run ingests (default: inbox/ beside the warehouse)
RELEASE_URL_ENV = "IIP_RELEASE_URL"  # address the scheduled run fetches a release from, if set
WEBHOOK_ENV = "IIP_WEBHOOK_URL"  # where a failed or partial run posts a short message, if set
SCHEDULE_ENV = "IIP_SCHEDULE"  # cron expression of the monthly deployment
TIMEZONE_ENV = "IIP_TIMEZONE"

# The office publishes early in the month; 09:00 on the 6th in Hanoi leaves a margin for late uploads.
DEFAULT_SCHEDULE = "0 9 6 * *"
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


def default_warehouse_path() -> Path:
    """`$IIP_WAREHOUSE`, else `$XDG_DATA_HOME/iip-warehouse/iip.duckdb` (~/.local/share/...)."""
    if explicit := os.environ.get(WAREHOUSE_ENV):
        return Path(explicit).expanduser()
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "iip-warehouse" / "iip.duckdb"


@dataclass(frozen=True)
class WarehousePaths:
    """The DuckDB file and the folders kept beside it."""

    database: Path

    @property
    def home(self) -> Path:
        return self.database.parent

    @property
    def raw_dir(self) -> Path:
        """Every ingested source file, kept byte for byte under its sha256: provenance survives the source."""
        return self.home / "raw"

    @property
    def reports_dir(self) -> Path:
        return self.home / "reports"

    @property
    def inbox_dir(self) -> Path:
        """Where release files are dropped for the scheduled run: `$IIP_INBOX`, else inbox/ beside the file."""
        explicit = os.environ.get(INBOX_ENV)
        return Path(explicit).expanduser() if explicit else self.home / "inbox"

    @property
    def lock_file(self) -> Path:
        return self.home / f"{self.database.name}.lock"

    def ensure(self) -> WarehousePaths:
        for folder in (self.home, self.raw_dir, self.reports_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def warehouse_paths(database: Path | str | None = None) -> WarehousePaths:
    return WarehousePaths(Path(database).expanduser().resolve() if database else default_warehouse_path())


def schedule_settings() -> tuple[str, str]:
    """The monthly deployment's cron expression and time zone."""
    return os.environ.get(SCHEDULE_ENV) or DEFAULT_SCHEDULE, os.environ.get(TIMEZONE_ENV) or DEFAULT_TIMEZONE


def quiet_third_parties() -> None:
    """Keep the orchestrator and validator from phoning home: this machine has no network to spare."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("TQDM_DISABLE", "1")
