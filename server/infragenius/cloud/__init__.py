"""InfraGenius Cloud: the hosted service behind the paid tiers (``infragenius cloud serve``).

Stateless FastAPI processes in front of one database (SQLite by default, PostgreSQL through
``DATABASE_URL``): accounts and organisations, hashed API keys, license issuing, metered AI analyses
forwarded to an OpenAI-compatible upstream, usage reports, and the Enterprise pieces (OIDC login, audit
log, organisation policy).
"""
