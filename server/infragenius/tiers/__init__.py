"""Account tiers: signed licenses verified offline, the entitlements table, and feature gates.

Gating on the client is user experience (the hosted service enforces too): a gated action stays
visible, says which tier unlocks it, and never pretends to work.
"""
