"""Inputs of popular actions (union over their recent major versions), from their action.yml files.

Used to catch misspelt inputs and missing required ones. An input missing from this table is never
reported by itself: only a near miss of a known input is (see rules/action_inputs.py), so an input
added in a newer release does not become a false positive.
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
            "java-version", "java-version-file", "distribution", "java-package", "architecture", "jdkfile", "check-latest",
            "server-id", "server-username", "server-password", "settings-path", "overwrite-settings", "gpg-private-key",
            "gpg-passphrase", "cache", "cache-dependency-path", "job-status", "token", "mvn-toolchain-id", "mvn-toolchain-vendor",
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
}
