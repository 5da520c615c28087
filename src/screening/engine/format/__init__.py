"""The file format: untrusted YAML with the place of every node, the pydantic models (the
contract), the run-time structure check built from them, and the JSON Schema for editors."""
