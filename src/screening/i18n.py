"""The app's own words, in every language it speaks.

Questionnaire text lives in the questionnaire files; everything the program
itself says to a patient or in a summary lives here. A test checks that every
key has every language.
"""

from __future__ import annotations

LANGUAGES = ("en", "es")

STRINGS: dict[str, dict[str, str]] = {
    "yes": {"en": "Yes", "es": "Sí"},
    "no": {"en": "No", "es": "No"},
    "not_sure": {"en": "Not sure", "es": "No estoy seguro/a"},
    "unit.days": {"en": "days", "es": "días"},
    "unit.day": {"en": "day", "es": "día"},
    "unit.weeks": {"en": "weeks", "es": "semanas"},
    "unit.week": {"en": "week", "es": "semana"},
    "unit.months": {"en": "months", "es": "meses"},
    "unit.month": {"en": "month", "es": "mes"},
    "unit.years": {"en": "years", "es": "años"},
    "unit.year": {"en": "year", "es": "año"},
    "no_answer": {"en": "(no answer)", "es": "(sin respuesta)"},
    "summary.heading": {"en": "Referral summary", "es": "Resumen para la consulta"},
    "summary.result": {"en": "Result", "es": "Resultado"},
    "summary.urgent": {"en": "Needs attention now", "es": "Requiere atención ahora"},
    "summary.review": {"en": "For a clinician to review first", "es": "Para que un profesional lo revise primero"},
    "summary.info": {"en": "Also worth noting", "es": "También es importante"},
    "summary.scores": {"en": "Scores", "es": "Puntuaciones"},
    "summary.answers": {"en": "Answers", "es": "Respuestas"},
    "summary.because": {"en": "because", "es": "porque"},
    "summary.questionnaire": {"en": "Questionnaire", "es": "Cuestionario"},
    "summary.version": {"en": "version", "es": "versión"},
    "summary.created": {"en": "Completed", "es": "Completado"},
    "summary.disclaimer": {"en": "Please note", "es": "Importante"},
    "summary.no_flags": {"en": "Nothing was flagged for review.", "es": "No se marcó nada para revisar."},
    "summary.no_value": {"en": "no value", "es": "sin valor"},
    "error.required": {"en": "Please answer this question.", "es": "Por favor, responda esta pregunta."},
    "error.choose_one": {"en": "Please choose an answer.", "es": "Por favor, elija una respuesta."},
    "error.whole_number": {"en": "Please enter a whole number.", "es": "Por favor, escriba un número entero."},
    "error.number": {"en": "Please enter a number.", "es": "Por favor, escriba un número."},
    "error.at_least": {"en": "Please enter {min} or more.", "es": "Por favor, escriba {min} o más."},
    "error.at_most": {"en": "Please enter {max} or less.", "es": "Por favor, escriba {max} o menos."},
    "error.between": {"en": "Please enter a number from {min} to {max}.", "es": "Por favor, escriba un número entre {min} y {max}."},
    "error.duration": {
        "en": "Please enter how long, like 6 months or 2 years.",
        "es": "Por favor, escriba cuánto tiempo, por ejemplo 6 meses o 2 años.",
    },
    "error.duration_unit": {"en": "Please choose a unit: {units}.", "es": "Por favor, elija una unidad: {units}."},
    "error.too_long": {
        "en": "Please keep this to {max} characters or fewer.",
        "es": "Por favor, use {max} caracteres o menos.",
    },
    "error.date": {"en": "Please enter a date as YYYY-MM-DD.", "es": "Por favor, escriba la fecha como AAAA-MM-DD."},
    "error.date_min": {"en": "Please enter a date on or after {min}.", "es": "Por favor, escriba una fecha desde el {min}."},
    "error.date_max": {"en": "Please enter a date on or before {max}.", "es": "Por favor, escriba una fecha hasta el {max}."},
    "error.min_selected": {"en": "Please choose at least {min}.", "es": "Por favor, elija al menos {min}."},
    "error.max_selected": {"en": "Please choose no more than {max}.", "es": "Por favor, elija como máximo {max}."},
    "error.exclusive": {
        "en": "'{option}' cannot be chosen together with other answers.",
        "es": "'{option}' no se puede elegir junto con otras respuestas.",
    },
}


def t(key: str, language: str = "en", **values: object) -> str:
    """The app string ``key`` in ``language`` (English when missing)."""
    entry = STRINGS[key]
    text = entry.get(language) or entry["en"]
    return text.format(**values) if values else text
