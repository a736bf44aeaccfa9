"""The InfraGenius language server (``infragenius lsp``).

``server.py`` wires the pygls server; each feature lives in its own module (``documents``,
``settings``, ``diagnostics``, ``hover``, ``code_actions``). See ``server.py`` for the extension points
that the AI and license packages use.
"""
