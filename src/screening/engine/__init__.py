"""The engine: models, loading, expressions, the walk, rules and summaries.

Pure Python: nothing here may import Textual or draw on a terminal.
"""
