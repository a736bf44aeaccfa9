"""Inputs and outputs of popular actions (union over their recent major versions), from their
action.yml files.

Used to catch misspelt inputs and missing required ones. An input missing from this table is never
reported by itself: only a near miss of a known input is (see rules/action_inputs.py), so an input
added in a newer release does not become a false positive. Outputs are stable (a step reading an
output the action does not set gets an empty string), so they are checked fully.
"""

from __future__ import annotations

# action (lower case) -> (inputs, required inputs)
ACTION_INPUTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "actions/checkout": (
        (
            "repository", "ref", "token", "ssh-key", "ssh-known-hosts", "ssh-strict", "ssh-user", "persist-credentials",
            "path", "clean", "filter", "sparse-checkout", "sparse-checkout-cone-mode", "fetch-depth", "fetch-tags",
            "show-progress", "lfs", "submodules", "set-safe-directory", "github-server-url",
        ),
        (),
    ),
    "actions/setup-node": (
        (
            "always-auth", "node-version", "node-version-file", "architecture", "check-latest", "registry-url", "scope",
            "token", "cache", "cache-dependency-path", "package-manager-cache", "mirror", "mirror-token",
        ),
        (),
    ),
    "actions/setup-python": (
        (
            "python-version", "python-version-file", "cache", "architecture", "check-latest", "token",
            "cache-dependency-path", "update-environment", "allow-prereleases", "freethreaded", "pip-version", "pip-install",
        ),
        (),
    ),
    "actions/setup-go": (
        ("go-version", "go-version-file", "check-latest", "token", "cache", "cache-dependency-path", "architecture", "download-base-url"),
        (),
    ),
    "actions/setup-java": (
        (
            "java-version", "java-version-file", "distribution", "java-package", "architecture", "jdkfile", "jdk-file",
            "check-latest", "force-download", "set-default", "verify-signature", "verify-signature-public-key", "server-id",
            "server-username", "server-username-env-var", "server-password", "server-password-env-var", "settings-path",
            "overwrite-settings", "gpg-private-key", "gpg-passphrase", "gpg-passphrase-env-var", "cache", "cache-jdk",
            "cache-dependency-path", "cache-path", "cache-read-only", "job-status", "token", "mvn-toolchain-id",
            "mvn-toolchain-vendor", "show-download-progress", "problem-matcher",
        ),
        (),
    ),
    "actions/cache": (
        ("path", "key", "restore-keys", "upload-chunk-size", "enablecrossosarchive", "fail-on-cache-miss", "lookup-only", "save-always"),
        ("path", "key"),
    ),
    "actions/upload-artifact": (
        ("name", "path", "if-no-files-found", "retention-days", "compression-level", "overwrite", "include-hidden-files"),
        ("path",),
    ),
    "actions/download-artifact": (
        ("name", "path", "pattern", "merge-multiple", "github-token", "repository", "run-id", "artifact-ids"),
        (),
    ),
    "actions/github-script": (
        ("script", "github-token", "debug", "user-agent", "previews", "result-encoding", "retries", "retry-exempt-status-codes", "base-url"),
        ("script",),
    ),
    "docker/build-push-action": (
        (
            "add-hosts", "allow", "annotations", "attests", "build-args", "build-contexts", "builder", "cache-from",
            "cache-to", "call", "cgroup-parent", "context", "file", "labels", "load", "network", "no-cache",
            "no-cache-filters", "outputs", "platforms", "provenance", "pull", "push", "sbom", "secrets", "secret-envs",
            "secret-files", "shm-size", "ssh", "tags", "target", "ulimit", "github-token",
        ),
        (),
    ),
    "docker/login-action": (("registry", "username", "password", "ecr", "logout", "scope", "registry-auth"), ()),
    "docker/metadata-action": (
        (
            "context", "images", "tags", "flavor", "labels", "annotations", "sep-tags", "sep-labels", "sep-annotations",
            "bake-target", "github-token",
        ),
        (),
    ),
    "docker/setup-buildx-action": (
        (
            "version", "driver", "driver-opts", "buildkitd-flags", "buildkitd-config", "buildkitd-config-inline", "install",
            "use", "endpoint", "platforms", "append", "cache-binary", "cleanup", "keep-state", "name", "config",
            "config-inline",
        ),
        (),
    ),
    "docker/setup-qemu-action": (("image", "platforms", "cache-image"), ()),
    "pypa/gh-action-pypi-publish": (
        (
            "user", "password", "repository-url", "repository_url", "packages-dir", "packages_dir", "verify-metadata",
            "verify_metadata", "skip-existing", "skip_existing", "verbose", "print-hash", "print_hash", "attestations",
        ),
        (),
    ),
    # actionlint's own test data names this one; its inputs are quoted in actionlint's expected output.
    "rhysd/action-setup-vim": (("version", "neovim", "configure-args", "token"), ()),
}

# action -> outputs it sets (every version); a step output missing here is always empty. Actions
# that run user code and may set any output (actions/github-script) are left out.
ACTION_OUTPUTS: dict[str, tuple[str, ...]] = {
    "actions/checkout": ("ref", "commit"),
    "actions/setup-node": ("cache-hit", "node-version"),
    "actions/setup-python": ("python-version", "cache-hit", "python-path"),
    "actions/setup-go": ("go-version", "cache-hit"),
    "actions/setup-java": ("distribution", "version", "path", "cache-hit", "cache-primary-key"),
    "actions/cache": ("cache-hit",),
    "actions/upload-artifact": ("artifact-id", "artifact-url", "artifact-digest"),
    "actions/download-artifact": ("download-path",),
    "docker/build-push-action": ("imageid", "digest", "metadata"),
    "docker/login-action": (),
    "docker/metadata-action": (
        "version", "tags", "labels", "annotations", "json", "bake-file", "bake-file-tags", "bake-file-labels",
        "bake-file-annotations",
    ),
    "docker/setup-buildx-action": ("name", "driver", "platforms", "nodes", "endpoint", "status", "flags"),
    "docker/setup-qemu-action": ("platforms",),
    "octokit/request-action": ("data", "status", "headers"),
}

# action -> (first version with the replacement, {deprecated input: what to do instead}), from the
# actions' deprecationMessage or release notes. Only reported for a ref at or after that version:
# on an older one the replacement does not exist yet.
_KEBAB = "The inputs have been normalized to use kebab-case. Use `{}` instead"
DEPRECATED_INPUTS: dict[str, tuple[tuple[int, ...], dict[str, str]]] = {
    "pypa/gh-action-pypi-publish": (
        (1, 8),
        {old: _KEBAB.format(old.replace("_", "-")) for old in ("repository_url", "packages_dir", "verify_metadata", "skip_existing", "print_hash")},
    ),
    "docker/setup-buildx-action": (
        (3,),
        {"config": "Use `buildkitd-config` instead", "config-inline": "Use `buildkitd-config-inline` instead"},
    ),
}

# Actions that are JavaScript or composite (not Docker): ``args``/``entrypoint`` in ``with:`` are
# Docker-action keys that these ignore. (pypa/gh-action-pypi-publish is a Docker action.)
NON_DOCKER = frozenset(name for name in ACTION_INPUTS if name != "pypa/gh-action-pypi-publish")
