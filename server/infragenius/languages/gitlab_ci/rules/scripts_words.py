"""Which variables a job's shell receives are known: what word splitting and globbing do to them is
what the pipeline's author sees and means.

GitLab sets many ``CI_*`` variables to ids, shas, slugs, URLs and paths, which are one word; others
hold free text (``CI_COMMIT_MESSAGE``, ``CI_JOB_NAME`` "rspec 1/3", ``GITLAB_USER_NAME``) and are
not. A ``variables:`` entry is known when its value is written out in the file, and so is each
``$OTHER`` that GitLab expands inside it; one set in the project's settings is not.
"""

from __future__ import annotations

import re

# Set by GitLab to one word without ``*?[``: ids, shas, slugs, URLs, paths under the builds folder,
# and git refs (git forbids spaces and glob characters in them). Not the free-text ones: commit
# message/title/description/author, job and stage names, pipeline, project and merge request
# titles, environment and runner names, user names, labels, CI_CONFIG_PATH.
ONE_WORD_PREDEFINED = frozenset(
    {
        "CI",
        "GITLAB_CI",
        "HOME",
        "CI_SERVER",
        "CI_PROJECT_DIR",
        "CI_BUILDS_DIR",
        "CI_PROJECT_ID",
        "CI_PROJECT_NAME",
        "CI_PROJECT_PATH",
        "CI_PROJECT_PATH_SLUG",
        "CI_PROJECT_NAMESPACE",
        "CI_PROJECT_NAMESPACE_ID",
        "CI_PROJECT_ROOT_NAMESPACE",
        "CI_PROJECT_URL",
        "CI_PROJECT_VISIBILITY",
        "CI_DEFAULT_BRANCH",
        "CI_COMMIT_SHA",
        "CI_COMMIT_SHORT_SHA",
        "CI_COMMIT_BEFORE_SHA",
        "CI_COMMIT_REF_NAME",
        "CI_COMMIT_REF_SLUG",
        "CI_COMMIT_BRANCH",
        "CI_COMMIT_TAG",
        "CI_COMMIT_REF_PROTECTED",
        "CI_COMMIT_TIMESTAMP",
        "CI_JOB_ID",
        "CI_JOB_URL",
        "CI_JOB_TOKEN",
        "CI_JOB_STARTED_AT",
        "CI_JOB_NAME_SLUG",
        "CI_JOB_STATUS",
        "CI_JOB_TIMEOUT",
        "CI_PIPELINE_ID",
        "CI_PIPELINE_IID",
        "CI_PIPELINE_SOURCE",
        "CI_PIPELINE_URL",
        "CI_PIPELINE_CREATED_AT",
        "CI_SERVER_URL",
        "CI_SERVER_HOST",
        "CI_SERVER_PORT",
        "CI_SERVER_PROTOCOL",
        "CI_SERVER_FQDN",
        "CI_SERVER_VERSION",
        "CI_SERVER_VERSION_MAJOR",
        "CI_SERVER_VERSION_MINOR",
        "CI_SERVER_VERSION_PATCH",
        "CI_SERVER_REVISION",
        "CI_API_V4_URL",
        "CI_API_GRAPHQL_URL",
        "CI_REGISTRY",
        "CI_REGISTRY_IMAGE",
        "CI_REGISTRY_USER",
        "CI_REGISTRY_PASSWORD",
        "CI_DEPENDENCY_PROXY_SERVER",
        "CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX",
        "CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX",
        "CI_DEPENDENCY_PROXY_USER",
        "CI_DEPENDENCY_PROXY_PASSWORD",
        "CI_TEMPLATE_REGISTRY_HOST",
        "CI_ENVIRONMENT_SLUG",
        "CI_ENVIRONMENT_TIER",
        "CI_MERGE_REQUEST_ID",
        "CI_MERGE_REQUEST_IID",
        "CI_MERGE_REQUEST_PROJECT_ID",
        "CI_MERGE_REQUEST_PROJECT_PATH",
        "CI_MERGE_REQUEST_PROJECT_URL",
        "CI_MERGE_REQUEST_REF_PATH",
        "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
        "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA",
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME",
        "CI_MERGE_REQUEST_TARGET_BRANCH_SHA",
        "CI_MERGE_REQUEST_DIFF_BASE_SHA",
        "CI_MERGE_REQUEST_SOURCE_PROJECT_ID",
        "CI_MERGE_REQUEST_SOURCE_PROJECT_PATH",
        "CI_MERGE_REQUEST_SOURCE_PROJECT_URL",
        "CI_MERGE_REQUEST_EVENT_TYPE",
        "CI_MERGE_REQUEST_APPROVED",
        "CI_EXTERNAL_PULL_REQUEST_IID",
        "CI_NODE_INDEX",
        "CI_NODE_TOTAL",
        "CI_CONCURRENT_ID",
        "CI_CONCURRENT_PROJECT_ID",
        "CI_RUNNER_ID",
        "CI_RUNNER_SHORT_TOKEN",
        "CI_RUNNER_VERSION",
        "CI_RUNNER_REVISION",
        "CI_RUNNER_EXECUTABLE_ARCH",
        "CI_PAGES_DOMAIN",
        "CI_PAGES_URL",
        "CI_OPEN_MERGE_REQUESTS",
        "GITLAB_USER_ID",
        "GITLAB_USER_LOGIN",
        "GITLAB_USER_EMAIL",
    }
)
_REFERENCE = re.compile(r"\$\$|\$\{(\w+)\}|\$(\w+)")  # ``$$`` is a literal ``$``


class KnownVariables:
    """The variables of one shell whose words the file shows: GitLab's one-word ones, and
    ``variables:``/``parallel: matrix`` entries written out in the file (whatever they hold: YAML
    cannot pass a shell array, so an options list is meant to be split), ``$OTHER`` references in
    them known too. A variable the script assigns itself is left to the script's own values."""

    def __init__(self, values: dict[str, list[str] | None], assigned: set[str]) -> None:
        self.values = values
        self.assigned = assigned
        self.memo: dict[str, bool] = {}

    def __call__(self, name: str) -> bool:
        if name in ONE_WORD_PREDEFINED:
            return True
        if name in self.assigned:
            return False
        if name not in self.memo:
            self.memo[name] = False  # a variable referring to itself is not known
            values = self.values.get(name)
            self.memo[name] = values is not None and all(
                self(ref.group(1) or ref.group(2))
                for value in values
                for ref in _REFERENCE.finditer(value)
                if ref.group() != "$$"
            )
        return self.memo[name]
