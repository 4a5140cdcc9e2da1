"""Keep the interpreter's cycle collector from costing seconds in a process that imports the orchestrator and the
validator (~3,300 modules, ~360,000 objects that live as long as the process).

Each full collection walks every tracked object, and while imports grow the heap one runs again for every
quarter it grows by; at exit the interpreter collects again as it tears the modules down (1.15 s for those
imports alone, 0.08 s with their objects frozen). The monthly job went from 8.7 to 7.3 s, `iip validate` from
5.1 to 3.7 s (paired runs, BENCHMARKS.md).
"""

from __future__ import annotations

import gc
import importlib
import sys


def import_in_bulk(*modules: str) -> None:
    """Import these modules (those not imported yet) without collecting cycles meanwhile, then set aside for
    good what the imports made: later collections skip it. The little cyclic garbage an import leaves is
    kept, which is all this costs."""
    missing = [name for name in modules if name not in sys.modules]
    if not missing:
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        for name in missing:
            importlib.import_module(name)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def before_exit() -> None:
    """Spare the interpreter's last collections at exit (~1 s with the validator imported). Flushing and atexit
    handlers still run; only finalizers of objects in reference cycles may not, which Python never promised."""
    gc.freeze()
