"""A long-lived Prefect API server on a free local port: what `iip serve` and a Prefect work pool run
against in production, so that no run pays for starting a temporary server of its own.

The benchmark times the scheduled job against one; the tests of `iip serve` use one too.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

START_SECONDS = 120


@contextmanager
def prefect_server(home: Path, log: Path) -> Iterator[dict[str, str]]:
    """Start `prefect server start` with its database under `home`; yield the environment that points a
    process at it (PREFECT_API_URL and the rest), and stop it on exit."""
    port = _free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
    }
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_healthy(env["PREFECT_API_URL"], server)
            yield env
        finally:
            server.terminate()
            server.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_healthy(api_url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the Prefect server exited with {server.returncode} while starting")
        try:
            with urllib.request.urlopen(f"{api_url}/health", timeout=5) as response:
                if json.loads(response.read() or b"null") is True:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the Prefect server did not answer within {START_SECONDS} s")
