"""The web form's own words, in every language the app speaks.

The words shared with the terminal app (Next, Back, errors, summary headings)
come from :mod:`screening.i18n`; only what exists on the web lives here. A
test checks that every key has every language of ``i18n.LANGUAGES``.
"""

from __future__ import annotations

from screening.i18n import STRINGS, from_table

WEB_STRINGS: dict[str, dict[str, str]] = {
    "web.link_title": {"en": "This link cannot be used", "es": "Este enlace no se puede usar"},
    "web.link_text": {
        "en": "The link may be mistyped, out of date, or already used. Please ask the clinic for a new one.",
        "es": "Puede que el enlace esté mal escrito, caducado o ya usado. Pida uno nuevo a la clínica.",
    },
    "web.private_only": {
        "en": "Please open the private link the clinic sent you.",
        "es": "Abra el enlace privado que le envió la clínica.",
    },
    "web.ended_title": {"en": "Your session has ended", "es": "Su sesión ha terminado"},
    "web.ended_text": {
        "en": "For your privacy, the page closes after a while without use. Open your private link again to continue where you stopped.",
        "es": "Por su privacidad, la página se cierra tras un tiempo sin uso. Abra su enlace privado otra vez para seguir donde lo dejó.",
    },
    "web.too_many_title": {"en": "Please wait a minute", "es": "Espere un minuto, por favor"},
    "web.too_many_text": {
        "en": "There were too many tries in a short time. Please try again in a minute.",
        "es": "Hubo demasiados intentos en poco tiempo. Inténtelo de nuevo en un minuto.",
    },
    "web.stale_title": {"en": "This page was out of date", "es": "Esta página estaba desactualizada"},
    "web.stale_text": {
        "en": "Your answers are safe. This is where you are now.",
        "es": "Sus respuestas están a salvo. Aquí es donde está ahora.",
    },
    "web.refused_title": {"en": "This form could not be sent", "es": "No se pudo enviar este formulario"},
    "web.refused_text": {
        "en": "Please go back to the page and try again.",
        "es": "Vuelva a la página e inténtelo de nuevo.",
    },
    "web.error_title": {"en": "Something went wrong", "es": "Algo salió mal"},
    "web.error_text": {
        "en": "Your saved answers are kept. Please try again in a moment, or call the clinic.",
        "es": "Sus respuestas guardadas se conservan. Inténtelo de nuevo en un momento o llame a la clínica.",
    },
    "web.not_found": {"en": "There is no page here.", "es": "Aquí no hay ninguna página."},
    "web.your_answer": {"en": "Your answer", "es": "Su respuesta"},
    "web.amount": {"en": "How many", "es": "Cuántos"},
    "web.unit": {"en": "Unit", "es": "Unidad"},
    "web.scale_ends": {"en": "{low} means: {low_text}. {high} means: {high_text}.", "es": "{low} significa: {low_text}. {high} significa: {high_text}."},
    "web.saved": {
        "en": "Your answers are saved after every page. You can close this page and open your link again later.",
        "es": "Sus respuestas se guardan en cada página. Puede cerrar esta página y abrir su enlace más tarde.",
    },
    "web.change_named": {"en": "Change answer: {question}", "es": "Cambiar respuesta: {question}"},
    "web.missing_named": {"en": "Still to answer: {question}", "es": "Falta por responder: {question}"},
    "web.answer_missing": {"en": "Please answer the questions still open before you submit.", "es": "Responda las preguntas pendientes antes de enviar."},
    "web.print": {
        "en": "To keep a copy, use your browser's Print (Ctrl+P) or save this page.",
        "es": "Para guardar una copia, use Imprimir en su navegador (Ctrl+P) o guarde esta página.",
    },
    "web.download_pdf": {"en": "Download this summary as a PDF", "es": "Descargar este resumen en PDF"},
    "web.submitted": {"en": "Your answers have been sent to the clinic.", "es": "Sus respuestas se enviaron a la clínica."},
    "web.done_title": {"en": "Thank you", "es": "Gracias"},
    "web.done_text": {"en": "You can close this window now.", "es": "Ya puede cerrar esta ventana."},
    "web.intro_fallback": {"en": "Please answer each question. It takes a few minutes.", "es": "Responda cada pregunta. Toma unos minutos."},
    "web.choose_language": {"en": "Change language", "es": "Cambiar idioma"},
}


def w(key: str, language: str = "en", **values: object) -> str:
    """A web string, or a shared app string when the key is not web-only."""
    return from_table(WEB_STRINGS if key in WEB_STRINGS else STRINGS, key, language, **values)
