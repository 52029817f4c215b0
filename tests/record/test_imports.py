"""No two modules of record/ import each other, however indirectly: checkers and bundle writers
register themselves (record/checkers.py) instead of being imported by the module that runs them."""

from __future__ import annotations

import grimp


def test_no_import_circle_in_record() -> None:
    graph = grimp.build_graph("ceasefire")
    modules = sorted(m for m in graph.modules if m.startswith("ceasefire.record."))
    circles = [
        (first, second)
        for first in modules
        for second in modules
        if first < second
        and graph.chain_exists(importer=first, imported=second)
        and graph.chain_exists(importer=second, imported=first)
    ]
    assert circles == []
    # The modules that were in circles before the registry still hold checkers of their own.
    assert graph.direct_import_exists(
        importer="ceasefire.record.assess_audit", imported="ceasefire.record.checkers"
    )
