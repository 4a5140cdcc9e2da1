"""The cycle collector pauses for bulk imports, then skips what they made; it is left as it was found."""

from __future__ import annotations

import subprocess
import sys

import pytest


def in_a_fresh_interpreter(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


@pytest.mark.parametrize("enabled", [True, False])
def test_a_bulk_import_imports_freezes_what_it_made_and_leaves_the_collector_as_it_was(enabled: bool) -> None:
    probe = (
        "import gc, sys\n"
        f"gc.enable() if {enabled} else gc.disable()\n"
        "from warehouse.cycle_collector import import_in_bulk\n"
        "seen = []\n"
        "gc.callbacks.append(lambda phase, info: seen.append(phase))\n"
        "before = gc.get_freeze_count()\n"
        "import_in_bulk('xml.dom.minidom', 'email.mime.text')\n"
        "print('xml.dom.minidom' in sys.modules and 'email.mime.text' in sys.modules,"
        " gc.isenabled(), gc.get_freeze_count() > before, len(seen))"
    )
    assert in_a_fresh_interpreter(probe) == f"True {enabled} True 0"


def test_modules_already_imported_are_not_imported_again_nor_is_anything_frozen() -> None:
    probe = (
        "import gc, json\n"
        "from warehouse.cycle_collector import import_in_bulk\n"
        "before = gc.get_freeze_count()\n"
        "import_in_bulk('json')\n"
        "print(gc.get_freeze_count() == before, gc.isenabled())"
    )
    assert in_a_fresh_interpreter(probe) == "True True"


def test_a_failed_import_still_leaves_the_collector_enabled() -> None:
    probe = (
        "import gc\n"
        "from warehouse.cycle_collector import import_in_bulk\n"
        "try:\n"
        "    import_in_bulk('no_such_module_here')\n"
        "except ModuleNotFoundError:\n"
        "    print(gc.isenabled())"
    )
    assert in_a_fresh_interpreter(probe) == "True"
