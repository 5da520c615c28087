"""The JSON summary of the contract."""

from __future__ import annotations

import json

from screening.engine.run.summary import Summary


def render_json(summary: Summary) -> str:
    # allow_nan=False: the engine never produces Infinity or NaN (screening.engine.numbers);
    # should one slip through, fail loudly rather than write JSON no parser accepts.
    return json.dumps(summary.to_json(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
