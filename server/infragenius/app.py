"""The composition root: the one module that knows every floor, and wires the upper ones into the lower.

A floor never imports the floors above it (ARCHITECTURE.md "Layers"). What an upper floor adds to a lower
one is handed down from here: the languages (``languages/registry.py``) and the premium rule packs
(``tiers/packs``) to the engine (``core.wiring``); the AI, trust, license and cloud commands and the
license's hooks to the command line (``cli.Extensions``); the AI and tier features and the license's hooks
to the language server (``lsp.server.extend``, ``lsp.settings.Licensing``).

Every process entry composes before it starts (``infragenius`` and ``python -m infragenius`` through
``__main__``, ``python -m infragenius.lsp``); tests compose in their conftest.

Composing is cheap and may be repeated: the modules of a hook are imported when it is first called,
except the command registrations, which build the parser right away anyway.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .core.config import Config


def compose() -> None:
    """Everything: the command line and the language server (what tests and tools use)."""
    compose_cli()
    compose_lsp()


def compose_engine() -> None:
    """The engine with its languages and the rule packs that extend them (nothing is imported yet)."""
    from .core import wiring
    from .languages.registry import LANGUAGES

    wiring.install(LANGUAGES, PACKS)


def compose_cli() -> None:
    """The command line with the commands and license hooks of the floors above it."""
    from . import cli
    from .ai.cli import register as ai_commands
    from .cloud.cli import register as cloud_commands
    from .tiers.cli import register as license_commands
    from .tiers.plugins_cli import register as plugin_commands
    from .tiers.policy_cli import register as policy_commands
    from .trust_cli import register as trust_commands

    compose_engine()
    cli.extend(
        cli.Extensions(
            commands=(ai_commands, trust_commands, license_commands, cloud_commands, plugin_commands, policy_commands),
            apply_policy=_apply_policy,
            license_features=_license_features,
            gate_selection=_gate_selection,
            record_usage=_record_usage,
            compose=compose_cli,
            upload_report=_upload_report,
            shared_rules=_shared_rules,
            shared_baseline=_shared_baseline,
        )
    )


def compose_lsp() -> None:
    """The language server with the AI features (explain, fix) and the tier gates (license, status)."""
    from .lsp import server, settings

    compose_engine()
    server.extend(("infragenius.ai.lsp", _ai_lsp), ("infragenius.tiers.lsp", _tiers_lsp))
    settings.use_licensing(settings.Licensing(allows=_allows, apply_policy=_editor_policy, take_token=_take_token))


# -- the premium rule packs, by the language they extend: imported with its rules ----------------
def _cis_docker() -> None:
    from .tiers.packs import cis_docker  # noqa: F401  (importing registers its rules)


def _cis_kubernetes() -> None:
    from .tiers.packs import cis_kubernetes  # noqa: F401


PACKS = {"dockerfile": (_cis_docker,), "kubernetes": (_cis_kubernetes,)}


# -- hooks: each imports its floor's module on first call ---------------------------------------
def _apply_policy(config: Config) -> Config:
    from .tiers.policy import apply_policy

    return apply_policy(config)


def _shared_rules(config: Config) -> Config:
    from .tiers.shared_rules import apply

    return apply(config)


def _editor_policy(config: Config) -> Config:
    """The editor's: the organisation's shared settings from the on-disk copy (never waiting on the
    network; refreshed in the background), then the machine's policy over everything."""
    from .tiers.shared_rules import apply

    return _apply_policy(apply(config, wait=False))


def _shared_baseline(repository: str | None):
    from .tiers.shared_baseline import org_baseline

    return org_baseline(repository)


def _allows(feature: str) -> bool:
    from .tiers.state import allows

    return allows(feature)


def _take_token(token: str) -> None:
    from .tiers.state import set_editor_token

    set_editor_token(token)


def _license_features() -> frozenset[str]:
    from .tiers.cli import features_in_force

    return frozenset(filter(None, features_in_force().split(",")))


def _gate_selection(config: Config, features: frozenset[str]) -> None:
    from .tiers.cli import gate_check_selection

    gate_check_selection(config, features)


def _record_usage(analyses: int, findings: Counter) -> None:
    from .tiers.usage import record

    record(analyses=analyses, findings=findings)


def _upload_report(sarif: str, repository: str | None, ref: str | None) -> str:
    from .tiers.report_upload import upload

    return upload(sarif, repository, ref)


def _ai_lsp():  # -> the register(server, state) of ai/lsp.py
    from .ai.lsp import register

    return register


def _tiers_lsp():  # -> the register(server, state) of tiers/lsp.py
    from .tiers.lsp import register

    return register
