"""Problem is a value: equal, ordered and hashed by its fields, printed in the compiler's form."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screening.engine.problems import FileError, Problem, ProblemCollector

FIELDS = st.tuples(st.text(max_size=5), st.integers(1, 5), st.integers(1, 5), st.text(max_size=5), st.sampled_from(["error", "warning", "note"]))


@given(FIELDS, FIELDS)
def test_equal_ordered_and_hashed_as_its_fields(a, b):
    first, second = Problem(*a), Problem(*b)
    assert (first == second) == (a == b)
    assert (first < second) == (a < b)
    assert (first <= second) == (a <= b)
    assert (first > second) == (a > b)
    if a == b:
        assert hash(first) == hash(second)
    assert sorted([second, first]) == [Problem(*f) for f in sorted([b, a])]


def test_printed_in_the_compilers_form_and_compared_only_with_problems():
    problem = Problem("f.yaml", 3, 7, "something is wrong")
    assert str(problem) == "f.yaml:3:7: error: something is wrong"
    assert problem.severity == "error"
    assert repr(problem) == "Problem('f.yaml', 3, 7, 'something is wrong', 'error')"
    assert problem != ("f.yaml", 3, 7, "something is wrong", "error")
    with pytest.raises(TypeError):
        _ = problem < ("f.yaml", 3, 7, "", "")
    assert len({problem, Problem("f.yaml", 3, 7, "something is wrong")}) == 1


def test_a_collector_keeps_one_of_each_and_a_file_error_sorts_them():
    collector = ProblemCollector("f.yaml")
    collector.error((9, 1), "late")
    collector.error((2, 4), "early")
    collector.error((2, 4), "early")
    collector.warning((5, 1), "careful")
    assert [p.message for p in collector.problems] == ["late", "early", "careful"]
    assert [p.message for p in collector.errors] == ["late", "early"]
    assert [p.line for p in FileError(collector.problems).problems] == [2, 5, 9]
