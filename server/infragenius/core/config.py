"""Configuration: ``.infragenius.toml`` or ``[tool.infragenius]`` in ``pyproject.toml``.

The LSP settings use the same keys. Keys may be written kebab-case (as in TOML) or snake_case.
Unknown keys and unknown rule codes are errors with a clear message, never silently ignored.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .findings import Severity

_M = TypeVar("_M", bound=BaseModel)

CONFIG_FILES = (".infragenius.toml", "infragenius.toml", "pyproject.toml")


class ConfigError(Exception):
    """A problem with the user's configuration (exit code 2 in the CLI)."""


def _kebab(name: str) -> str:
    return name.replace("_", "-")


def _empty_list() -> list[Any]:
    return []


def _empty_dict() -> dict[Any, Any]:
    return {}


def _defaults(model: type[_M]) -> Callable[[], _M]:
    """A default_factory giving ``model``'s defaults unvalidated (``model_construct``).

    Factories here are plain functions, never ``list``/``dict`` or a bound classmethod: unvalidated
    construction asks for each factory's signature on every call, and inspecting a builtin's text
    signature leaves cyclic garbage each time (tests/robustness/test_no_cycles.py)."""

    def make() -> _M:
        return model.model_construct()

    return make


# The models are built (pydantic's validators and serialisers, ~25 ms) when first validated or dumped,
# not on import: a run without a config file takes the defaults as they are (``model_construct``, the
# same values and the same empty ``model_fields_set`` as ``Config()``) and may never need them.
class Section(BaseModel):
    model_config = ConfigDict(
        extra="forbid", alias_generator=_kebab, populate_by_name=True, frozen=True, defer_build=True
    )


class AIConfig(Section):
    """``[ai]``. Where requests go (provider, base-url, api-key-env, headers, model, model-path,
    lora-path) is the user's decision: a repository's file may only restrict it (``core.trust``)."""

    provider: Literal["embedded", "openai-compatible", "infragenius-cloud", "offline"] = "embedded"
    base_url: str | None = None
    model: str | None = None
    model_path: str | None = None
    lora_path: str | None = None  # a LoRA adapter (.gguf) for the embedded model (Professional: custom models)
    api_key_env: str | None = None
    headers: dict[str, str] = Field(default_factory=_empty_dict)
    context: Literal["none", "window", "file"] = "window"
    timeout_s: float = 30.0
    enabled: bool = True
    # with no provider configured, which models found on local servers to prefer (glob patterns, best
    # first; ai.discovery reads them from the user config only)
    local_models: list[str] = Field(default_factory=_empty_list)


class DockerfileOptions(Section):
    trusted_registries: list[str] = Field(default_factory=_empty_list)
    allowed_labels: dict[str, str] = Field(default_factory=_empty_dict)


class GithubActionsOptions(Section):
    self_hosted_runner_labels: list[str] = Field(default_factory=_empty_list)


class GitlabCiOptions(Section):
    pass


class TerraformOptions(Section):
    pass


class HelmOptions(Section):
    render: bool = True
    # In the editor: when a template's chart is rendered (its template checks are published at every
    # keystroke): "idle" after an open, a save, and ``render-idle-ms`` without an edit; "save" after
    # an open and a save only
    render_on: Literal["idle", "save"] = "idle"
    render_idle_ms: int = Field(default=400, ge=0)


class KubernetesOptions(Section):
    pass


class Config(Section):
    select: list[str] = Field(default_factory=lambda: ["ALL"])
    extend_select: list[str] = Field(default_factory=_empty_list)
    ignore: list[str] = Field(default_factory=_empty_list)
    per_file_ignores: dict[str, list[str]] = Field(default_factory=_empty_dict)
    severity: dict[str, str] = Field(default_factory=_empty_dict)
    languages: dict[str, bool] = Field(default_factory=_empty_dict)
    exclude: list[str] = Field(default_factory=_empty_list)
    fail_on: str = "warning"
    max_file_size: int = 2_000_000
    debounce_ms: int = 0
    ai: AIConfig = Field(default_factory=_defaults(AIConfig))
    dockerfile: DockerfileOptions = Field(default_factory=_defaults(DockerfileOptions))
    github_actions: GithubActionsOptions = Field(default_factory=_defaults(GithubActionsOptions))
    gitlab_ci: GitlabCiOptions = Field(default_factory=_defaults(GitlabCiOptions))
    terraform: TerraformOptions = Field(default_factory=_defaults(TerraformOptions))
    helm: HelmOptions = Field(default_factory=_defaults(HelmOptions))
    kubernetes: KubernetesOptions = Field(default_factory=_defaults(KubernetesOptions))

    model_config = ConfigDict(
        extra="forbid",
        alias_generator=_kebab,
        populate_by_name=True,
        frozen=True,
        ignored_types=(cached_property,),
        defer_build=True,
    )

    @field_validator("severity")
    @classmethod
    def _severities(cls, value: dict[str, str]) -> dict[str, str]:
        for sev in value.values():
            Severity.parse(sev)
        return value

    @field_validator("fail_on")
    @classmethod
    def _fail_on(cls, value: str) -> str:
        if value.lower() != "never":
            Severity.parse(value)
        return value

    # -- loading -------------------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "settings") -> Config:
        try:
            return cls.model_validate(_normalise_keys(data))
        except ValidationError as exc:
            raise ConfigError(_explain(exc, source)) from None

    def merged(self, overrides: dict[str, Any], source: str = "settings") -> Config:
        """This config with ``overrides`` (same keys) applied on top, sections merged key by key."""
        base = self.model_dump(by_alias=True, exclude_unset=True)
        return Config.from_dict(_deep_merge(base, _normalise_keys(overrides)), source)

    @classmethod
    def load(cls, path: Path) -> Config:
        try:
            with path.open("rb") as fh:
                data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
        if path.name == "pyproject.toml":
            data = data.get("tool", {}).get("infragenius", {})
        return cls.from_dict(data, str(path))

    @classmethod
    def discover(cls, start: Path) -> tuple[Config, Path | None]:
        """The nearest config file at or above ``start``; defaults when there is none."""
        found = find_config_file(start)
        return (cls.load(found), found) if found else (cls.model_construct(), None)

    # -- rule selection ------------------------------------------------------------------------
    def validate_codes(self) -> None:
        """Every code named in select/ignore/per-file-ignores/severity must name a rule. (Checking
        imports every language, so it is skipped when nothing but ``ALL`` is named.)"""
        from .rules import REGISTRY

        places = [("select", self.select), ("extend-select", self.extend_select), ("ignore", self.ignore)]
        places += [(f"per-file-ignores[{glob!r}]", codes) for glob, codes in self.per_file_ignores.items()]
        places.append(("severity", list(self.severity)))
        for where, codes in places:
            for code in codes:
                if code.strip().upper() != "ALL" and not REGISTRY.resolve(code):
                    raise ConfigError(f"unknown rule code {code!r} in {where} (see `infragenius rules`)")

    # Selection is decided per code, from the rule's own code and aliases, and memoised: checking a
    # Dockerfile never imports the Terraform rules just to learn that they are selected.
    @cached_property
    def _decisions(self) -> dict[str, bool]:
        return {}

    def is_selected(self, code: str) -> bool:
        decision = self._decisions.get(code)
        if decision is None:
            from .rules import REGISTRY, matches

            rule = REGISTRY.peek(code)
            ignored = any(matches(sel, code, rule) for sel in self.ignore)
            chosen = code.startswith("IG") or any(
                matches(sel, code, rule) for sel in [*self.select, *self.extend_select]
            )
            decision = self._decisions[code] = chosen and not ignored
        return decision

    def severity_of(self, code: str, default: Severity) -> Severity:
        if not self.severity:  # most configs: asked for every finding of every analysis
            return default
        from .rules import REGISTRY, matches

        rule = REGISTRY.peek(code)
        for sel, sev in self.severity.items():
            if matches(sel, code, rule):
                return Severity.parse(sev)
        return default

    def ignored_for_path(self, relpath: str | None) -> set[str]:
        """Codes switched off for this file by ``per-file-ignores`` (globs, gitignore style)."""
        if not relpath or not self.per_file_ignores:
            return set()
        from .rules import REGISTRY

        selectors = [sel for glob, sels in self.per_file_ignores.items() if _glob_match(relpath, glob) for sel in sels]
        return {r.code for sel in selectors for r in REGISTRY.resolve(sel)}

    def language_enabled(self, language: str) -> bool:
        return self.languages.get(language, True)

    @property
    def fail_severity(self) -> Severity | None:
        return None if self.fail_on.lower() == "never" else Severity.parse(self.fail_on)


def find_config_file(start: Path) -> Path | None:
    start = start.resolve()
    for folder in [start, *start.parents] if start.is_dir() else start.parents:
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_section(candidate)):
                return candidate
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        return "infragenius" in tomllib.loads(path.read_text("utf-8")).get("tool", {})
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return False


def _glob_match(relpath: str, glob: str) -> bool:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines([glob]).match_file(relpath) or PurePosixPath(relpath).match(glob)


def _normalise_keys(data: Any, depth: int = 0) -> Any:
    """Accept snake_case and camelCase keys for the kebab-case ones (editors send camelCase)."""
    if not isinstance(data, dict) or depth > 1:
        return data
    out = {}
    for key, value in data.items():
        kebab = "".join("-" + c.lower() if c.isupper() else c for c in str(key)).replace("_", "-")
        keep_inner = kebab in {"severity", "per-file-ignores", "languages", "headers", "allowed-labels"}
        out[kebab] = value if keep_inner else _normalise_keys(value, depth + 1)
    return out


def _deep_merge(base: dict, top: dict) -> dict:
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and key not in {"severity", "per-file-ignores"}:
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _explain(exc: ValidationError, source: str) -> str:
    lines = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"])
        if err["type"] == "extra_forbidden":
            lines.append(f"{source}: unknown key {where!r}")
        else:
            lines.append(f"{source}: {where}: {err['msg']}")
    return "\n".join(lines)
