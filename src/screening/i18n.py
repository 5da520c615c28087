"""The app's own words, in every language it speaks.

Questionnaire text lives in the questionnaire files; everything the program
itself says to a patient or in a summary lives here. A test checks that every
key has every language.
"""

from __future__ import annotations

LANGUAGES = ("en", "es")
LANGUAGE_NAMES = {"en": "English", "es": "Español"}

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
    "summary.not_asked": {"en": "not asked", "es": "no se preguntó"},
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
    # the form of a message for a count of exactly 1 (from_table picks it)
    "error.too_long.one": {
        "en": "Please keep this to 1 character.",
        "es": "Por favor, use 1 carácter como máximo.",
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
    # the screens
    "ui.start": {"en": "Start", "es": "Comenzar"},
    "ui.next": {"en": "Next", "es": "Siguiente"},
    "ui.back": {"en": "Back", "es": "Atrás"},
    "ui.help": {"en": "Why we ask", "es": "Por qué preguntamos"},
    "ui.review": {"en": "Review answers", "es": "Revisar respuestas"},
    "ui.submit": {"en": "Submit", "es": "Enviar"},
    "ui.change": {"en": "Change answer", "es": "Cambiar respuesta"},
    "ui.finish": {"en": "Finish", "es": "Terminar"},
    "ui.language": {"en": "Language", "es": "Idioma"},
    "ui.progress": {"en": "Question {number} of {total}", "es": "Pregunta {number} de {total}"},
    "ui.optional": {"en": "(optional)", "es": "(opcional)"},
    "ui.choose_one": {"en": "Choose one answer.", "es": "Elija una respuesta."},
    "ui.choose_many": {
        "en": "Choose all that apply (Space to tick).",
        "es": "Elija todas las que correspondan (Espacio para marcar).",
    },
    "ui.scale_hint": {"en": "Type a number, or use the arrow keys.", "es": "Escriba un número o use las flechas."},
    "ui.date_hint": {"en": "Year-month-day, like 2024-03-15", "es": "Año-mes-día, por ejemplo 2024-03-15"},
    # words, never a bare number: a "0" under the cursor reads as an answer already typed
    "ui.number_hint": {"en": "Type a number", "es": "Escriba un número"},
    "ui.amount_hint": {"en": "How many", "es": "Cuántos"},
    "ui.number_range_hint": {"en": "Type a number from {min} to {max}", "es": "Escriba un número de {min} a {max}"},
    "ui.text_hint": {"en": "Type your answer (up to {max} characters).", "es": "Escriba su respuesta (hasta {max} caracteres)."},
    "ui.text_hint.one": {"en": "Type your answer (1 character).", "es": "Escriba su respuesta (1 carácter)."},
    "ui.note_hint": {"en": "Press Enter to continue.", "es": "Presione Enter para continuar."},
    "ui.review_title": {"en": "Check your answers", "es": "Revise sus respuestas"},
    "ui.review_hint": {
        "en": "Choose an answer to change it, or submit when you are ready.",
        "es": "Elija una respuesta para cambiarla, o envíe cuando esté listo/a.",
    },
    "ui.missing": {"en": "Still to answer: {count}", "es": "Faltan por responder: {count}"},
    "ui.crisis_title": {"en": "Please read this now", "es": "Por favor, lea esto ahora"},
    "ui.crisis_ok": {"en": "I have read this", "es": "Ya lo leí"},
    # added to the questionnaire's crisis text, by where the person is (the file cannot know)
    "crisis.kiosk": {
        "en": "You can also tell a staff member here right away.",
        "es": "También puede avisar ahora mismo a alguien del personal.",
    },
    "crisis.home": {
        "en": "If you are alone, please do not wait: call or text 988 now, or call 911 if you are in danger.",
        "es": "Si está solo/a, no espere: llame o envíe un mensaje de texto al 988 ahora, o llame al 911 si está en peligro.",
    },
    "ui.quit_title": {"en": "Stop without finishing?", "es": "¿Salir sin terminar?"},
    "ui.quit_text": {
        "en": "Your answers will not be kept.",
        "es": "Sus respuestas no se guardarán.",
    },
    "ui.quit_yes": {"en": "Yes, stop", "es": "Sí, salir"},
    "ui.quit_no": {"en": "No, keep going", "es": "No, continuar"},
    "ui.summary_title": {"en": "Your summary", "es": "Su resumen"},
    "ui.next_steps": {
        "en": "Next step: share this summary with your doctor or pain clinic.",
        "es": "Siguiente paso: comparta este resumen con su médico o clínica del dolor.",
    },
    "ui.loading": {"en": "Loading the questions...", "es": "Cargando las preguntas..."},
    "ui.file_problems": {
        "en": "This questionnaire file has problems and cannot be used:",
        "es": "Este archivo de cuestionario tiene problemas y no se puede usar:",
    },
    "ui.close": {"en": "Close", "es": "Cerrar"},
    # plain mode (screen readers, braille displays, pipes): one whole line at a time
    "plain.intro": {
        "en": "Type each answer on its own line and press Enter. At any question you can type: help (why we ask), back (the question before), review (your answers so far).",
        "es": "Escriba cada respuesta en su propia línea y presione Enter. En cualquier pregunta puede escribir: ayuda (por qué preguntamos), atrás (la pregunta anterior), revisar (sus respuestas hasta ahora).",
    },
    "plain.cmd_back": {"en": "back", "es": "atrás"},
    "plain.cmd_help": {"en": "help", "es": "ayuda"},
    "plain.cmd_review": {"en": "review", "es": "revisar"},
    "plain.choose_one": {
        "en": "Type the number of your answer, or its words.",
        "es": "Escriba el número de su respuesta, o sus palabras.",
    },
    "plain.choose_many": {
        "en": "Type the numbers of every answer that applies, separated by commas or spaces.",
        "es": "Escriba los números de todas las respuestas que correspondan, separados por comas o espacios.",
    },
    "plain.whole_number": {"en": "Type a whole number.", "es": "Escriba un número entero."},
    "plain.number": {"en": "Type a number.", "es": "Escriba un número."},
    "plain.range": {"en": "From {min} to {max}.", "es": "De {min} a {max}."},
    "plain.duration": {
        "en": "Type how long, like 6 months, 12 weeks or 2 years.",
        "es": "Escriba cuánto tiempo, por ejemplo 6 meses, 12 semanas o 2 años.",
    },
    "plain.optional": {"en": "You may press Enter to skip this question.", "es": "Puede presionar Enter para saltar esta pregunta."},
    "plain.keep": {
        "en": "Your answer now: {answer}. Press Enter to keep it, or type a new answer.",
        "es": "Su respuesta ahora: {answer}. Presione Enter para mantenerla, o escriba una nueva.",
    },
    "plain.required": {
        "en": "This question needs an answer before you can go on. Type help to see why we ask, or back for the question before.",
        "es": "Esta pregunta necesita una respuesta para continuar. Escriba ayuda para saber por qué preguntamos, o atrás para la pregunta anterior.",
    },
    "plain.choose_number": {
        "en": "Please type a number from 1 to {count}, or the words of an answer.",
        "es": "Por favor, escriba un número del 1 al {count}, o las palabras de una respuesta.",
    },
    "plain.no_help": {"en": "There is no more help for this question.", "es": "No hay más ayuda para esta pregunta."},
    "plain.first": {"en": "This is the first question.", "es": "Esta es la primera pregunta."},
    "plain.answered": {"en": "Your answer: {answer}", "es": "Su respuesta: {answer}"},
    "plain.no_answers": {"en": "No answers yet.", "es": "Todavía no hay respuestas."},
    "plain.again": {"en": "Now, again: {question}", "es": "Ahora, de nuevo: {question}"},
    "plain.submit": {
        "en": "Type yes to submit these answers. To change one, type its number. Type back for the last question.",
        "es": "Escriba sí para enviar estas respuestas. Para cambiar una, escriba su número. Escriba atrás para la última pregunta.",
    },
    "plain.not_submitted": {
        "en": "Not submitted yet. Type yes to submit, the number of an answer to change it, or back.",
        "es": "Todavía no se ha enviado. Escriba sí para enviar, el número de una respuesta para cambiarla, o atrás.",
    },
    "plain.crisis_enter": {"en": "Press Enter when you have read this.", "es": "Presione Enter cuando lo haya leído."},
    "plain.too_long": {"en": "That line is too long; please type a shorter answer.", "es": "Esa línea es demasiado larga; escriba una respuesta más corta."},
    "plain.stopped": {
        "en": "Stopped before the end: the answers were not submitted or kept.",
        "es": "Se detuvo antes del final: las respuestas no se enviaron ni se guardaron.",
    },
    "plain.summary_follows": {"en": "Submitted. Your summary follows.", "es": "Enviado. A continuación, su resumen."},
    "plain.kiosk_start": {"en": "Press Enter to start.", "es": "Presione Enter para comenzar."},
    "plain.idle_text": {
        "en": "Press Enter to keep going. Otherwise your answers will be cleared in {seconds} seconds.",
        "es": "Presione Enter para continuar. Si no, sus respuestas se borrarán en {seconds} segundos.",
    },
    "plain.idle_text.one": {
        "en": "Press Enter to keep going. Otherwise your answers will be cleared in 1 second.",
        "es": "Presione Enter para continuar. Si no, sus respuestas se borrarán en 1 segundo.",
    },
    "plain.still_here": {
        "en": "Welcome back. Type your answer to the question above.",
        "es": "Bienvenido/a de nuevo. Escriba su respuesta a la pregunta de arriba.",
    },
    "plain.try_again": {"en": "Press Enter to try again.", "es": "Presione Enter para intentarlo de nuevo."},
    "plain.cmd_print": {"en": "print", "es": "imprimir"},
    "plain.kiosk_print": {
        "en": "Type print to print your copy, then collect it at the front desk.",
        "es": "Escriba imprimir para imprimir su copia, y recójala en recepción.",
    },
    "plain.kiosk_done": {"en": "Press Enter when you are done.", "es": "Presione Enter cuando haya terminado."},
    # a copy to keep: printed at the kiosk, a PDF at home
    "ui.print": {"en": "Print my summary", "es": "Imprimir mi resumen"},
    "ui.printing": {"en": "Printing...", "es": "Imprimiendo..."},
    "ui.printed": {
        "en": "Sent to the printer. Please collect your copy at the front desk.",
        "es": "Enviado a la impresora. Recoja su copia en recepción.",
    },
    "ui.print_failed": {
        "en": "Printing did not work. Your answers are saved. Please ask the front desk for a copy.",
        "es": "No se pudo imprimir. Sus respuestas están guardadas. Pida una copia en recepción.",
    },
    "ui.save_pdf": {"en": "Save as PDF", "es": "Guardar como PDF"},
    "ui.save_pdf_where": {"en": "A PDF copy can be saved to: {path}", "es": "Se puede guardar una copia en PDF en: {path}"},
    "ui.saved_pdf": {"en": "Saved: {path}", "es": "Guardado: {path}"},
    "ui.save_pdf_failed": {"en": "The PDF could not be saved: {reason}", "es": "No se pudo guardar el PDF: {reason}"},
    # the kiosk
    "kiosk.idle_title": {"en": "Are you still there?", "es": "¿Sigue ahí?"},
    "kiosk.idle_text": {
        "en": "Press any key or touch the screen to keep going. Otherwise your answers will be cleared in {seconds} seconds.",
        "es": "Presione cualquier tecla o toque la pantalla para continuar. Si no, sus respuestas se borrarán en {seconds} segundos.",
    },
    "kiosk.idle_text.one": {
        "en": "Press any key or touch the screen to keep going. Otherwise your answers will be cleared in 1 second.",
        "es": "Presione cualquier tecla o toque la pantalla para continuar. Si no, sus respuestas se borrarán en 1 segundo.",
    },
    "kiosk.keep_going": {"en": "Keep going", "es": "Continuar"},
    "kiosk.clears_in": {"en": "This screen clears in {seconds} s.", "es": "Esta pantalla se borra en {seconds} s."},
    "kiosk.save_failed_title": {"en": "Your answers could not be saved", "es": "No se pudieron guardar sus respuestas"},
    "kiosk.save_failed_text": {
        "en": "Please ask the front desk for help. Your answers are still here.",
        "es": "Por favor, pida ayuda en recepción. Sus respuestas siguen aquí.",
    },
    "kiosk.try_again": {"en": "Try again", "es": "Intentar de nuevo"},
    "kiosk.went_wrong_title": {"en": "Something went wrong", "es": "Algo salió mal"},
    "kiosk.went_wrong_text": {
        "en": "Please ask the front desk for help. Answers that were already sent are safe.",
        "es": "Por favor, pida ayuda en recepción. Las respuestas ya enviadas están a salvo.",
    },
    "ui.nothing_chosen": {
        "en": "Nothing is chosen yet. Press the number of your answer (or move to it with the arrow keys and press Space), then Enter.",
        "es": "Todavía no ha elegido nada. Presione el número de su respuesta (o llegue a ella con las flechas y presione Espacio) y luego Enter.",
    },
    "ui.nothing_chosen_many": {
        "en": "Nothing is ticked yet. Press the number of each answer that applies (or Space on it), then Enter. If none applies, choose that option.",
        "es": "Todavía no ha marcado nada. Presione el número de cada respuesta que corresponda (o Espacio sobre ella) y luego Enter. Si ninguna corresponde, elija esa opción.",
    },
    "ui.nothing_scale": {
        "en": "No number is chosen yet. Type a number (or use the arrow keys), then Enter.",
        "es": "Todavía no ha elegido un número. Escriba un número (o use las flechas) y luego Enter.",
    },
    "ui.nothing_typed": {
        "en": "Nothing is typed yet. Type your answer, then Enter.",
        "es": "Todavía no ha escrito nada. Escriba su respuesta y luego Enter.",
    },
    "ui.unit_keys": {
        "en": "(Tab, then the arrow keys, or click it.)",
        "es": "(Tab y luego las flechas, o haga clic.)",
    },
    "ui.duration_hint": {
        "en": "Type a number, then choose the unit (Tab, then the arrow keys).",
        "es": "Escriba un número y luego elija la unidad (Tab y luego las flechas).",
    },
    "ui.skip_optional": {
        "en": "This question is optional: to skip it, press Enter again.",
        "es": "Esta pregunta es opcional: para saltarla, presione Enter otra vez.",
    },
    "error.too_many_digits": {
        "en": "Please enter a number of at most {max} characters.",
        "es": "Por favor, escriba un número de {max} caracteres como máximo.",
    },
    "error.too_many_digits.one": {
        "en": "Please enter a number of 1 character.",
        "es": "Por favor, escriba un número de 1 carácter.",
    },
}


def plural(count: int | float, one: str, many: str) -> str:
    """A count with its noun, singular for exactly 1: ``plural(1, "option", "options")`` is
    "1 option". For the program's English messages to clinicians and staff; a patient's words
    with a count have a ``.one`` form in STRINGS, which :func:`t` picks for a count of 1."""
    return f"{count} {one if count == 1 else many}"


def crisis_text(text: str, mode: str, language: str) -> str:
    """The questionnaire's crisis text, and what to do where the person is ("kiosk" or "home")."""
    extra = t(f"crisis.{mode}", language)
    return f"{text} {extra}".strip() if text else extra


def t(key: str, language: str = "en", **values: object) -> str:
    """The app string ``key`` in ``language`` (English when missing); its ``.one`` form when
    there is one and the count in ``values`` is 1 ("in 1 second", not "in 1 seconds")."""
    return from_table(STRINGS, key, language, **values)


def from_table(table: dict[str, dict[str, str]], key: str, language: str = "en", **values: object) -> str:
    """``key`` in ``language`` from a table of app words (English when missing); KeyError if unknown.
    Its ``.one`` form when the table has one and the count in ``values`` is 1."""
    if values and f"{key}.one" in table and any(type(value) is int and value == 1 for value in values.values()):
        key = f"{key}.one"
    entry = table[key]
    text = entry.get(language) or entry["en"]
    return text.format(**values) if values else text
