"""No import cycles anywhere in `screening`: every module can be read (and
imported) after the modules it stands on, never in a circle with them."""

from __future__ import annotations

import grimp

# Being removed on another branch (the store owner's): store/base.py and
# store/crypto.py import each other. Listed here so that this test guards
# everything else meanwhile; delete the entry when that branch lands.
KNOWN_CYCLES: set[frozenset[str]] = set()


def strongly_connected(graph: grimp.ImportGraph) -> list[set[str]]:
    """Tarjan's algorithm with an explicit stack: the groups of modules in a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[set[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            module, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph.find_modules_directly_imported_by(target)))))
                elif target in on_stack:
                    low[module] = min(low[module], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == module:
                        break
                if len(group) > 1:
                    groups.append(group)
    return groups


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for name in ("a", "b", "c", "d"):
        graph.add_module(name)
    graph.add_import(importer="a", imported="b")
    graph.add_import(importer="b", imported="c")
    graph.add_import(importer="c", imported="a")
    graph.add_import(importer="c", imported="d")
    assert strongly_connected(graph) == [{"a", "b", "c"}]


def test_no_import_cycles_in_screening():
    graph = grimp.build_graph("screening")
    cycles = [group for group in strongly_connected(graph) if frozenset(group) not in KNOWN_CYCLES]
    details = []
    for group in cycles:
        first = sorted(group)[0]
        for other in sorted(group - {first}):
            details.append(" -> ".join(graph.find_shortest_chain(importer=first, imported=other) or ()))
    assert not cycles, "import cycles:\n" + "\n".join(details)
