"""JSON bodies written by orjson: the API's long lists (a page of incidents) cost a fraction of the
standard library's encoder, byte for byte the same body as FastAPI writes for the response model
(compact, UTF-8, no NaN)."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.responses import JSONResponse


class FastJSONResponse(JSONResponse):
    """A JSON response whose body orjson writes (its content already plain JSON values)."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)
