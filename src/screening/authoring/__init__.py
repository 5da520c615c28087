"""Tools for the clinicians who write questionnaires: readability, flow diagrams, impact of a change.

Like the engine, none of this imports Textual.
"""
