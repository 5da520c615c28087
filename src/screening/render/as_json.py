"""The JSON summary of the contract."""

from __future__ import annotations

import json

from screening.engine.run.summary import Summary


def render_json(summary: Summary) -> str:
    return json.dumps(summary.to_json(), indent=2, ensure_ascii=False) + "\n"
