"""Config: key spellings, errors that name the key and the file, selection, discovery."""

from __future__ import annotations

import pytest

from infragenius.core.config import Config, ConfigError, find_config_file
from infragenius.core.findings import Severity


@pytest.mark.parametrize(
    "data",
    [
        {"per-file-ignores": {"a/*": ["DF001"]}, "extend-select": ["DF002"], "fail-on": "error"},
        {"per_file_ignores": {"a/*": ["DF001"]}, "extend_select": ["DF002"], "fail_on": "error"},
        {"perFileIgnores": {"a/*": ["DF001"]}, "extendSelect": ["DF002"], "failOn": "error"},
    ],
)
def test_kebab_snake_and_camel_keys(data):
    config = Config.from_dict(data)
    assert config.per_file_ignores == {"a/*": ["DF001"]}
    assert config.extend_select == ["DF002"]
    assert config.fail_severity == Severity.ERROR


def test_nested_section_keys_in_any_spelling():
    a = Config.from_dict({"dockerfile": {"trusted-registries": ["r.io"]}, "ai": {"base-url": "http://x"}})
    b = Config.from_dict({"dockerfile": {"trustedRegistries": ["r.io"]}, "ai": {"base_url": "http://x"}})
    assert a.dockerfile.trusted_registries == b.dockerfile.trusted_registries == ["r.io"]
    assert a.ai.base_url == b.ai.base_url == "http://x"


def test_codes_inside_tables_keep_their_spelling():
    config = Config.from_dict({"severity": {"DF001": "error"}, "per-file-ignores": {"legacy/DockerFile*": ["DF001"]}})
    assert config.severity == {"DF001": "error"}
    assert list(config.per_file_ignores) == ["legacy/DockerFile*"]


def test_unknown_key_names_key_and_file(tmp_path):
    path = tmp_path / ".infragenius.toml"
    path.write_text('select = ["DF001"]\nignored = ["DF002"]\n')
    with pytest.raises(ConfigError) as err:
        Config.load(path)
    assert str(err.value) == f"{path}: unknown key 'ignored'"


def test_unknown_nested_key(tmp_path):
    path = tmp_path / ".infragenius.toml"
    path.write_text("[dockerfile]\ntrusted = []\n")
    with pytest.raises(ConfigError, match=r"unknown key 'dockerfile\.trusted'"):
        Config.load(path)


def test_bad_value_names_the_key():
    with pytest.raises(ConfigError, match=r"settings: max-file-size: "):
        Config.from_dict({"max-file-size": "big"})
    with pytest.raises(ConfigError, match=r"severity.*unknown severity 'fatal'"):
        Config.from_dict({"severity": {"DF001": "fatal"}})
    with pytest.raises(ConfigError, match=r"fail-on"):
        Config.from_dict({"fail-on": "sometimes"})


@pytest.mark.parametrize(
    "data, where",
    [
        ({"select": ["DF001", "ZZ999"]}, "select"),
        ({"ignore": ["hadolint:DL9999"]}, "ignore"),
        ({"extend-select": ["nope"]}, "extend-select"),
        ({"per-file-ignores": {"a/*": ["XX1"]}}, "per-file-ignores['a/*']"),
        ({"severity": {"QQ001": "error"}}, "severity"),
    ],
)
def test_unknown_rule_code_is_an_error(data, where):
    config = Config.from_dict(data)
    with pytest.raises(ConfigError) as err:
        config.validate_codes()
    assert f"in {where}" in str(err.value) and "unknown rule code" in str(err.value)


def test_known_codes_prefixes_and_aliases_validate():
    Config.from_dict(
        {"select": ["ALL", "DF", "DF001", "hadolint:DL3007", "DL4000", "IG"], "ignore": ["IG003"]}
    ).validate_codes()


def test_invalid_toml(tmp_path):
    path = tmp_path / ".infragenius.toml"
    path.write_text("select = [\n")
    with pytest.raises(ConfigError, match=r"\.infragenius\.toml: invalid TOML"):
        Config.load(path)


def test_selection():
    config = Config.from_dict({"select": ["DF"], "ignore": ["hadolint:DL3007"]})
    assert config.is_selected("DF001") and not config.is_selected("DF002")
    assert config.is_selected("IG001")  # engine codes are on unless ignored
    only = Config.from_dict({"select": ["DF001"], "extend-select": ["DL3007"]})
    assert only.is_selected("DF001") and only.is_selected("DF002")


def test_engine_codes_can_be_ignored_by_code_and_prefix():
    assert not Config.from_dict({"ignore": ["IG003"]}).is_selected("IG003")
    assert Config.from_dict({"ignore": ["IG003"]}).is_selected("IG001")
    by_prefix = Config.from_dict({"ignore": ["IG"]})
    assert not by_prefix.is_selected("IG001") and not by_prefix.is_selected("IG004")


def test_per_file_ignores_globs():
    config = Config.from_dict(
        {"per-file-ignores": {"legacy/**": ["DF001"], "*.prod": ["DL3007"], "/top/Dockerfile": ["DF"]}}
    )
    assert config.ignored_for_path("legacy/a/b/Dockerfile") == {"DF001"}
    assert config.ignored_for_path("x/Dockerfile.prod") == {"DF002"}
    assert config.ignored_for_path("Dockerfile.prod") == {"DF002"}
    assert {"DF001", "DF002"} <= config.ignored_for_path("top/Dockerfile")
    assert config.ignored_for_path("other/top/Dockerfile") == set()
    assert config.ignored_for_path("src/Dockerfile") == set()
    assert config.ignored_for_path(None) == set()


def test_severity_overrides_by_code_and_alias():
    config = Config.from_dict({"severity": {"DF001": "error", "hadolint:DL3007": "hint"}})
    assert config.severity_of("DF001", Severity.WARNING) == Severity.ERROR
    assert config.severity_of("DF002", Severity.WARNING) == Severity.HINT
    assert config.severity_of("IG001", Severity.ERROR) == Severity.ERROR


def test_languages_on_off():
    config = Config.from_dict({"languages": {"dockerfile": False}})
    assert not config.language_enabled("dockerfile") and config.language_enabled("terraform")


def test_merged_keeps_base_and_overrides_keys():
    base = Config.from_dict(
        {"select": ["DF001"], "dockerfile": {"trusted-registries": ["a.io"]}, "severity": {"DF001": "error"}}
    )
    top = base.merged(
        {"ignore": ["DF002"], "dockerfile": {"allowed-labels": {"a": "b"}}, "severity": {"DF002": "hint"}}
    )
    assert top.select == ["DF001"] and top.ignore == ["DF002"]
    assert top.dockerfile.trusted_registries == ["a.io"] and top.dockerfile.allowed_labels == {"a": "b"}
    assert top.severity == {"DF002": "hint"}  # tables of codes are replaced, not merged


def test_fail_on_never():
    assert Config.from_dict({"fail-on": "never"}).fail_severity is None
    assert Config().fail_severity == Severity.WARNING


# -- discovery ---------------------------------------------------------------------------------------
def test_discovery_prefers_infragenius_toml(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.infragenius]\nselect = ["DF002"]\n')
    (tmp_path / ".infragenius.toml").write_text('select = ["DF001"]\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    config, found = Config.discover(sub)
    assert found == tmp_path / ".infragenius.toml" and config.select == ["DF001"]


def test_discovery_uses_pyproject_tool_section(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.infragenius]\nselect = ["DF002"]\n[tool.infragenius.severity]\nDF002 = "error"\n'
    )
    config, found = Config.discover(tmp_path)
    assert found == tmp_path / "pyproject.toml"
    assert config.select == ["DF002"] and config.severity == {"DF002": "error"}


def test_discovery_skips_pyproject_without_section(tmp_path):
    (tmp_path / ".infragenius.toml").write_text('select = ["DF001"]\n')
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[tool.black]\nline-length = 100\n")
    assert find_config_file(inner) == tmp_path / ".infragenius.toml"


def test_discovery_without_config(tmp_path):
    config, found = Config.discover(tmp_path)
    if found is None:  # a config above the temp folder would be found, legitimately
        assert config == Config()


def test_defaults_without_a_file_are_the_validated_defaults(tmp_path):
    # discover() takes the defaults unvalidated (the models are built on first use, not at start-up)
    config, found = Config.discover(tmp_path)
    if found is not None:
        pytest.skip(f"a config above the temp folder is found: {found}")
    fresh = Config()
    assert config == fresh and type(config.ai) is type(fresh.ai) and config.helm == fresh.helm
    assert config.model_fields_set == fresh.model_fields_set == set() and config.ai.model_fields_set == set()
    assert config.model_dump_json(by_alias=True) == fresh.model_dump_json(by_alias=True)
    assert config.merged({"select": ["DF001"]}).model_dump(by_alias=True, exclude_unset=True) == {"select": ["DF001"]}


def test_bad_value_message_is_pydantics_own_after_deferred_build():
    with pytest.raises(ConfigError) as err:
        Config.from_dict({"max-file-size": "big"})
    assert (
        str(err.value)
        == "settings: max-file-size: Input should be a valid integer, unable to parse string as an integer"
    )


def test_discovery_from_a_file_path(tmp_path):
    (tmp_path / "infragenius.toml").write_text('ignore = ["DF002"]\n')
    (tmp_path / "Dockerfile").write_text("FROM a\n")
    assert find_config_file(tmp_path / "Dockerfile") == tmp_path / "infragenius.toml"
