"""InfraGenius Cloud: the hosted service behind the paid tiers (``infragenius cloud serve``).

Stateless FastAPI processes in front of one database (SQLite by default, PostgreSQL through
``DATABASE_URL``): accounts and organisations, hashed API keys, license issuing, metered AI analyses
forwarded to an OpenAI-compatible upstream, usage reports, and the Enterprise pieces (OIDC login, audit
log, organisation policy).

The upstream model is any OpenAI-compatible endpoint (``UPSTREAM_BASE_URL``, ``UPSTREAM_MODEL``,
``UPSTREAM_API_KEY``, ``UPSTREAM_EXTRA_BODY``). For development, when ``UPSTREAM_BASE_URL`` is unset,
``infragenius cloud serve`` starts the embedded local model server (the ``embedded`` AI provider's
llama.cpp process, see ``local_model.py``) and uses it as the upstream.
"""
