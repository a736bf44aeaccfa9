"""AI layer: explain findings and propose verified fixes with a local or hosted model.

Nothing here runs on the diagnostics path: the CLI's ``explain`` command and the language server's
code actions call :class:`infragenius.ai.service.AIService` on demand. Modules:

- ``provider``: the one small interface every model backend implements, and its errors.
- ``openai_compat``, ``embedded``, ``offline``, ``cloud``: the backends; ``providers.make_provider`` picks one,
  and ``discovery`` finds a model already served on this machine when the user configured none.
- ``prompts`` (what is sent), ``redact`` (secrets never leave the machine; with ``redact_yaml`` for what
  YAML structure marks secret and ``redact_commands`` for credentials given to commands), ``structured`` (JSON answers),
  ``verify`` (a fix is re-analysed before it is offered), ``cache`` (memory + disk answer cache).
"""
