"""The Textual UI: a thin view over the engine. Rules live in the engine, never here."""
