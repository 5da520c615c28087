"""FHIR R4 (SDC): questionnaires out (:mod:`.export`) and in (:mod:`.importer`), responses out (:mod:`.response`).

Pure mapping between data: never imports the store, the UI or the CLI (the CLI
wires files and storage). The mapping is documented in ``docs/fhir.md``.
"""
