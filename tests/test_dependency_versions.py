"""constraints.txt stays an installable, tested set inside pyproject.toml's ranges."""

from __future__ import annotations

import tomllib

from packaging.requirements import Requirement

from tests.dependency_versions import CONSTRAINTS, canonical, pinned_versions, report_lines


def test_every_runtime_dependency_is_pinned_inside_its_allowed_range():
    project = tomllib.loads((CONSTRAINTS.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = pinned_versions()
    for text in project["dependencies"]:
        requirement = Requirement(text)
        name = canonical(requirement.name)
        assert name in pins, f"{requirement.name} is not in constraints.txt"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {name}=={pins[name]}, outside pyproject's {requirement.specifier}"
        )
        for extra in requirement.extras:  # psycopg[binary] brings psycopg-binary
            assert canonical(f"{requirement.name}-{extra}") in pins or extra != "binary"


def test_the_report_names_what_drifted(monkeypatch):
    import tests.dependency_versions as versions

    monkeypatch.setattr(versions, "installed_versions", lambda: {"pyyaml": "6.0.4", "textual": "8.2.8"})
    monkeypatch.setattr(versions, "pinned_versions", lambda: {"pyyaml": "6.0.1", "textual": "8.2.8", "gone": "1"})
    lines = report_lines()
    assert lines[0] == "installed: pyyaml==6.0.4, textual==8.2.8"
    assert lines[1] == "differs from constraints.txt: pyyaml 6.0.4 (constraints.txt: 6.0.1)"
    assert lines[2] == "in constraints.txt, not installed: gone"
