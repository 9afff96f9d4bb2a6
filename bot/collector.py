"""The cyclic garbage collector, paused while a short command starts: its imports free nothing."""

from __future__ import annotations

import gc

# Start-up: importing SQLAlchemy and the project allocates a few hundred thousand objects that
# live as long as the process. The collector's passes over them (about 170 of them) were a
# tenth of an `ask`'s time and found almost nothing (a few thousand objects a command).
_state = {"paused": False, "frozen": False}


def pause() -> None:
    """Stop collecting until `resume` (or `restore`); nothing happens if it was off already."""
    if gc.isenabled():
        gc.disable()
        _state["paused"] = True


def resume() -> None:
    """Collect again, leaving what start-up made out of every later pass (gc.freeze).

    Called once a command's first question or file is done: what it needed is imported, and
    a long conversation or a large batch is collected as usual from there on.
    """
    if _state["paused"]:
        gc.freeze()
        _state["frozen"] = True
        _state["paused"] = False
        gc.enable()


def restore() -> None:
    """As before `pause` or `settle`: the command is over (main() may run again in the same
    process)."""
    if _state["frozen"]:
        gc.unfreeze()
        _state["frozen"] = False
    if _state["paused"]:
        _state["paused"] = False
        gc.enable()


def settle() -> None:
    """Leave what a server built at start-up (SQLAlchemy's tables and compiled statements, the
    units and their indexes) out of every later collection: it lives as long as the process.

    Measured on `Router.dispatch` over 100,000 assignments: the full collections that walked
    it were the slowest answers (47-48 ms worst instead of 67-80 ms; bench/README).
    """
    gc.collect()
    gc.freeze()
    _state["frozen"] = True


def before_exit() -> None:
    """Leave every object out of the interpreter's last collection: the process is ending.

    The objects are freed with the process (their cycles are not looked for); a short command
    spent as long in that last pass as in all its imports' collections.
    """
    gc.freeze()
