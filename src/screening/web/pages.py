"""HTML pages: Jinja2 with autoescaping always on, so every text is shown literally."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from screening.engine.run.answers import display_answer
from screening.engine.run.questionnaire import Question
from screening.i18n import LANGUAGE_NAMES, crisis_text
from screening.web.flow import Flow
from screening.web.forms import field_values
from screening.web.words import w

TEMPLATES = Path(__file__).resolve().parent / "templates"

_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATES)),
    autoescape=True,  # on for every template, whatever its name
    undefined=jinja2.StrictUndefined,  # a missing value is a bug in this code, not an empty string
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(template: str, **context: Any) -> str:
    language = context.get("lang", "en")
    context.setdefault("w", lambda key, **values: w(key, language, **values))
    context.setdefault("languages", [])
    context.setdefault("csrf", "")
    context.setdefault("page", "")
    context.setdefault("site_title", "")
    context.setdefault("notice", None)
    context.setdefault("error", None)
    return _environment.get_template(template).render(**context)


def message_page(title_key: str, text_key: str, language: str = "en", site_title: str = "") -> str:
    return render("message.html", lang=language, title=w(title_key, language), text=w(text_key, language), site_title=site_title)


def _languages(flow: Flow) -> list[dict[str, str]]:
    names = flow.questionnaire.languages
    if len(names) < 2 or flow.page == "summary":
        return []
    return [{"code": code, "name": LANGUAGE_NAMES.get(code, code), "current": code == flow.language} for code in names]


def flow_page(flow: Flow, csrf: str, error: str | None = None, notice: str | None = None, public_start: bool = False) -> str:
    """The page the person is on now (``public_start``: the anonymous welcome, before any session)."""
    questionnaire = flow.questionnaire
    language = flow.language
    text = lambda value: questionnaire.text(value, language)  # noqa: E731
    common: dict[str, Any] = {
        "lang": language,
        "csrf": csrf,
        "page": flow.page,
        "site_title": text(questionnaire.title),
        "languages": [] if public_start else _languages(flow),
        "error": error,
        "notice": notice,
    }
    if flow.page == "welcome":
        return render(
            "welcome.html",
            title=text(questionnaire.title),
            intro=text(questionnaire.intro) or w("web.intro_fallback", language),
            disclaimer=text(questionnaire.disclaimer),
            start_action="/start" if public_start else "/q",
            **common,
        )
    if flow.page == "crisis":
        # at home: the words for someone who may be alone (the kiosk adds "tell a staff member")
        return render("crisis.html", title=w("ui.crisis_title", language), text=crisis_text(text(questionnaire.crisis), "home", language), question_id=flow.state["at"], **common)
    if flow.page == "review":
        return render("review.html", title=w("ui.review_title", language), **_review(flow), **common)
    if flow.page == "summary":
        titles = {score.id: text(score.title) if score.title else score.id for score in questionnaire.scores}
        return render("summary.html", title=w("ui.summary_title", language), summary=flow.state.get("summary") or {}, score_titles=titles, **common)
    question = flow.question
    assert question is not None
    number, total = flow.position()
    return render("question.html", title=text(question.text), q=_question(flow, question), number=number, total=total, **common)


def _question(flow: Flow, question: Question) -> dict[str, Any]:
    questionnaire = flow.questionnaire
    language = flow.language
    text = lambda value: questionnaire.text(value, language)  # noqa: E731
    held = flow.session.answer(question.id)
    chosen = field_values(question, held)
    options: list[dict[str, Any]] = []
    if question.type in ("single_choice", "multi_choice"):
        options = [{"id": o.id, "text": text(o.text), "help": text(o.help)} for o in question.options]
    elif question.type == "yes_no":
        options = [{"id": o.id, "text": w(o.id, language) if o.id in ("yes", "no", "not_sure") else text(o.text), "help": ""} for o in question.options]
    elif question.type == "scale":
        low, high = int(question.settings.get("min", 0)), int(question.settings.get("max", 10))
        options = [{"id": str(n), "text": str(n), "help": ""} for n in range(low, high + 1)]
    answer = chosen.get("answer")
    selected = set(answer) if isinstance(answer, list) else ({answer} if answer is not None else set())
    ends = ""
    if question.type == "scale" and (question.settings.get("min_label") or question.settings.get("max_label")):
        ends = w(
            "web.scale_ends",
            language,
            low=question.settings.get("min", 0),
            high=question.settings.get("max", 10),
            low_text=text(question.settings.get("min_label")),
            high_text=text(question.settings.get("max_label")),
        )
    hints = {
        "single_choice": w("ui.choose_one", language),
        "yes_no": w("ui.choose_one", language),
        "scale": w("ui.choose_one", language),
        "multi_choice": w("ui.choose_many", language).split(" (")[0],  # no "Space to tick" on the web
        "date": w("ui.date_hint", language),
    }
    hint = hints.get(question.type, "")
    if question.type == "text":
        hint = w("ui.text_hint", language, max=question.settings.get("max_length", 500))
    units = [{"id": u, "text": w(f"unit.{u}", language)} for u in question.settings.get("units", ["weeks", "months", "years"])]
    return {
        "id": question.id,
        "type": question.type,
        "section": text(question.section.title),
        "text": text(question.text),
        "help": text(question.help),
        "optional": question.answerable and not question.required,
        "options": options,
        "selected": selected,
        "value": "" if isinstance(answer, list) or answer is None else answer,
        "amount": chosen.get("amount", ""),
        "unit": chosen.get("unit", ""),
        "units": units,
        "unit_label": text(question.settings.get("unit")),
        "hint": hint,
        "ends": ends,
        "max_length": question.settings.get("max_length", 500),
        "multiple": question.type == "multi_choice",
    }


def _review(flow: Flow) -> dict[str, Any]:
    questionnaire = flow.questionnaire
    language = flow.language
    rows = []
    for question in flow.session.visible_questions:
        if not question.answerable:
            continue
        held = flow.session.answer(question.id)
        rows.append(
            {
                "id": question.id,
                "question": questionnaire.text(question.text, language),
                "answer": display_answer(questionnaire, question, held, language) if held is not None else w("no_answer", language),
                "missing": held is None and question.required,
            }
        )
    missing = [row for row in rows if row["missing"]]
    return {"rows": rows, "missing": missing}
