"""The questionnaire as a diagram: sections and questions in order, show_if on
the edges, and the scores, flags and outcomes with the names they read.

Mermaid renders in GitLab, GitHub and VS Code; dot is Graphviz. Every label
comes from a file, so it is escaped: in Mermaid as entity codes inside quoted
labels (no markup, no links, no directives get through); in dot as a quoted
string.
"""

from __future__ import annotations

import textwrap
from typing import Any

from screening.engine.run.questionnaire import Questionnaire

WRAP = 48  # characters per line of a label; nothing is ever cut


def _lines(text: str) -> list[str]:
    """A label's lines: each "\n"-separated part wrapped, whole."""
    lines: list[str] = []
    for part in text.split("\n"):
        lines.extend(textwrap.wrap(" ".join(part.split()), WRAP, break_on_hyphens=False, break_long_words=False) or [""])
    return lines


_MERMAID_SAFE = set(" .,:;?!'()-_/+=*%@$^~")


def _mermaid_label(text: str) -> str:
    """A quoted label; anything but letters, digits and plain punctuation as an entity code;
    lines joined with <br/> (added after escaping, so no file text can make markup)."""
    escaped = ("".join(c if c.isalnum() or c in _MERMAID_SAFE else f"#{ord(c)};" for c in line) for line in _lines(text))
    return '"' + "<br/>".join(escaped) + '"'


def _dot_label(text: str) -> str:
    escaped = (line.replace("\\", "\\\\").replace('"', '\\"') for line in _lines(text))
    return '"' + "\\n".join(escaped) + '"'


class _Graph:
    """What both formats draw: nodes, clusters and labelled edges."""

    def __init__(self, questionnaire: Questionnaire):
        q = questionnaire
        self.clusters: list[tuple[str, str, list[tuple[str, str, str]]]] = []  # (id, label, [(node, label, shape)])
        self.nodes: list[tuple[str, str, str]] = []
        self.edges: list[tuple[str, str, str, str]] = []  # (from, to, label, style: solid|dashed|dotted)
        questions = q.questions
        for section in q.sections:
            members = [(f"q_{question.id}", self._question_label(q, question), "note" if question.type == "note" else "box") for question in section.questions]
            label = q.text(section.title) + (f" (if {section.show_if.source})" if section.show_if else "")
            self.clusters.append((f"s_{section.id}", label, members))
        # not "start"/"end": "end" closes a subgraph in Mermaid
        self.nodes.append(("walk_start", "start", "circle"))
        self.nodes.append(("walk_end", "summary", "circle"))
        self.edges.append(("walk_start", f"q_{questions[0].id}", "", "solid"))
        for index, question in enumerate(questions):
            following = questions[index + 1] if index + 1 < len(questions) else None
            target = f"q_{following.id}" if following else "walk_end"
            condition = self._condition(following) if following else ""
            self.edges.append((f"q_{question.id}", target, f"if {condition}" if condition else "", "solid"))
            if condition:  # when the next one is hidden, the walk goes on past it
                after = questions[index + 2] if index + 2 < len(questions) else None
                self.edges.append((f"q_{question.id}", f"q_{after.id}" if after else "walk_end", "otherwise", "dashed"))
        for score in q.scores:
            node = f"score_{score.id}"
            self.nodes.append((node, f"score {score.id} = {score.expression.source}", "parallelogram"))
            for name in sorted(score.expression.names):
                self.edges.append((self._node_for(q, name), node, "", "dotted"))
        for flag in q.flags:
            node = f"flag_{flag.id}"
            self.nodes.append((node, f"flag {flag.id} ({flag.severity}) when {flag.when.source}", "hexagon"))
            for name in sorted(flag.when.names):
                self.edges.append((self._node_for(q, name), node, "", "dotted"))
        previous = None
        for number, outcome in enumerate(q.outcomes, start=1):
            node = f"outcome_{outcome.id}"
            rule = "otherwise" if outcome.when is None else f"when {outcome.when.source}"
            self.nodes.append((node, f"{number}. outcome {outcome.id}: {rule}", "rounded"))
            if outcome.when is not None:
                for name in sorted(outcome.when.names):
                    self.edges.append((self._node_for(q, name), node, "", "dotted"))
                for flag_id, _ in outcome.when.flag_references:
                    self.edges.append((f"flag_{flag_id}", node, "", "dotted"))
            self.edges.append((previous or "walk_end", node, "else" if previous else "first match", "solid"))
            previous = node

    @staticmethod
    def _question_label(q: Questionnaire, question: Any) -> str:
        label = f"{question.id}: {q.text(question.text)}"
        if question.type in ("single_choice", "multi_choice"):
            kind = "one of" if question.type == "single_choice" else "any of"
            options = [f"- {o.id}: {q.text(o.text)}" + (f" (= {o.value})" if o.value is not None else "") + (" (only this)" if o.exclusive else "") for o in question.options]
            label += f"\n{kind}:\n" + "\n".join(options)
        return label

    @staticmethod
    def _condition(question: Any) -> str:
        parts = []
        if question.section.show_if is not None and question.section.questions[0] is question:
            parts.append(question.section.show_if.source)
        if question.show_if is not None:
            parts.append(question.show_if.source)
        return " and ".join(parts)

    @staticmethod
    def _node_for(questionnaire: Questionnaire, name: str) -> str:
        return f"score_{name}" if name in questionnaire.score_by_id else f"q_{name}"


_MERMAID_SHAPES = {
    "box": ("[", "]"),
    "note": ("[/", "/]"),
    "circle": ("((", "))"),
    "parallelogram": ("[/", "/]"),
    "hexagon": ("{{", "}}"),
    "rounded": ("(", ")"),
}
_MERMAID_EDGES = {"solid": "-->", "dashed": "-.->", "dotted": "-.->"}


def mermaid(questionnaire: Questionnaire) -> str:
    graph = _Graph(questionnaire)
    lines = ["flowchart TD"]
    for cluster_id, label, members in graph.clusters:
        lines.append(f"  subgraph {cluster_id}[{_mermaid_label(label)}]")
        for node, node_label, shape in members:
            left, right = _MERMAID_SHAPES[shape]
            lines.append(f"    {node}{left}{_mermaid_label(node_label)}{right}")
        lines.append("  end")
    for node, label, shape in graph.nodes:
        left, right = _MERMAID_SHAPES[shape]
        lines.append(f"  {node}{left}{_mermaid_label(label)}{right}")
    for source, target, label, style in graph.edges:
        arrow = _MERMAID_EDGES[style]
        lines.append(f"  {source} {arrow}|{_mermaid_label(label)}| {target}" if label else f"  {source} {arrow} {target}")
    return "\n".join(lines) + "\n"


_DOT_SHAPES = {"box": "box", "note": "note", "circle": "circle", "parallelogram": "parallelogram", "hexagon": "hexagon", "rounded": "box"}


def dot(questionnaire: Questionnaire) -> str:
    graph = _Graph(questionnaire)
    lines = ["digraph questionnaire {", "  rankdir=TB;", '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];']
    for cluster_id, label, members in graph.clusters:
        lines.append(f"  subgraph cluster_{cluster_id} {{")
        lines.append(f"    label={_dot_label(label)};")
        for node, node_label, shape in members:
            lines.append(f"    {node} [label={_dot_label(node_label)}, shape={_DOT_SHAPES[shape]}];")
        lines.append("  }")
    for node, label, shape in graph.nodes:
        extra = ', style="rounded"' if shape == "rounded" else ""
        lines.append(f"  {node} [label={_dot_label(label)}, shape={_DOT_SHAPES[shape]}{extra}];")
    for source, target, label, style in graph.edges:
        attributes = [f"style={style}"] if style != "solid" else []
        if label:
            attributes.append(f"label={_dot_label(label)}")
        lines.append(f"  {source} -> {target}" + (f" [{', '.join(attributes)}]" if attributes else "") + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"


def draw(questionnaire: Questionnaire, format: str = "mermaid") -> str:
    return dot(questionnaire) if format == "dot" else mermaid(questionnaire)
