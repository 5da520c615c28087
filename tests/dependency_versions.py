"""What the suite runs with, against what it last passed with (constraints.txt).

Read by conftest's report header, so the top of every pytest run (CI's too)
lists every installed distribution, like ``pip freeze``, and names each one
that differs from constraints.txt: when a dependency's new release breaks a
test, the log already says which release arrived.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

CONSTRAINTS = Path(__file__).resolve().parents[1] / "constraints.txt"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned_versions(path: Path = CONSTRAINTS) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line.strip())
        if match:
            pins[canonical(match.group(1))] = match.group(2)
    return pins


def installed_versions() -> dict[str, str]:
    found: dict[str, str] = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            found.setdefault(canonical(name), dist.version)
    return found


def report_lines() -> list[str]:
    installed = installed_versions()
    pins = pinned_versions()
    lines = ["installed: " + ", ".join(f"{name}=={version}" for name, version in sorted(installed.items()))]
    drift = [
        f"{name} {installed[name]} (constraints.txt: {pinned})"
        for name, pinned in sorted(pins.items())
        if name in installed and installed[name] != pinned
    ]
    missing = [name for name in sorted(pins) if name not in installed]
    lines.append("differs from constraints.txt: " + (", ".join(drift) if drift else "nothing"))
    if missing:
        lines.append("in constraints.txt, not installed: " + ", ".join(missing))
    return lines
