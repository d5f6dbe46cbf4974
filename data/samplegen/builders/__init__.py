"""Content builders: one module per family of evidence documents.

Each builder takes the dossier context and a document-level `Style` and returns a `Built`: the
layout-neutral content plus the contract fields a perfect extractor should read from it.
"""
