"""The registry of every checker of the record: each module of checkers registers its own here.

A module that adds a kind of row adds its ``register`` to :data:`MODULES` (or registers its checker
in an existing module's ``register``); see :mod:`ceasefire.record.checkers`.
"""

from __future__ import annotations

from collections.abc import Callable

from ceasefire.record import (
    assess_audit,
    assess_bundle,
    audit,
    bundle,
    interop_audit,
    merkle_audit,
    sealing_audit,
    search,
    summary,
)
from ceasefire.record.checkers import CheckerRegistry

MODULES: tuple[Callable[[CheckerRegistry], None], ...] = (
    audit.register,
    bundle.register,
    assess_audit.register,
    assess_bundle.register,
    interop_audit.register,
    sealing_audit.register,
    merkle_audit.register,
    search.register,
    summary.register,
)


def default_registry() -> CheckerRegistry:
    """A new registry with the checkers of every module of the record."""
    registry = CheckerRegistry()
    for register in MODULES:
        register(registry)
    return registry
