"""CIS Docker Benchmark (v1.6), section 4 "Container Images and Build File", mapped to checks.

Where a Dockerfile rule already does the check (DF026, DF133, DF014, DF035) the control re-labels
its findings; 4.1 (no USER at all), 4.6 (HEALTHCHECK, which DF024 reports only on request) and the
literal-secret half of 4.10 are checked here, because the base rules leave them out on purpose.
"""

from __future__ import annotations

import re

from ...core.findings import Severity
from ...core.secrets import URL_CREDENTIALS, find_tokens
from ...languages.dockerfile.api import (
    AddInsteadOfCopy,
    DockerfileRule,
    LastUserRoot,
    PackageUpdateAlone,
    SecretsInArgOrEnv,
    has_variable,
    stage_chain,
)
from . import MappedRule

PACK = "Part of the CIS Docker Benchmark pack (Professional); reported with the control's number so a compliance review can list each control."

# Base images known to set a non-root USER themselves: absence of USER here is then no finding.
_NONROOT_IMAGE = re.compile(r"(?i)nonroot|rootless|nanoserver|windows")
_TOKEN_LABELS = {
    "PRIVATE_KEY": "a private key",
    "AWS_ACCESS_KEY": "an AWS access key",
    "GITHUB_TOKEN": "a GitHub token",
    "GITLAB_TOKEN": "a GitLab token",
    "SLACK_TOKEN": "a Slack token",
    "GOOGLE_API_KEY": "a Google API key",
    "STRIPE_KEY": "a Stripe key",
    "NPM_TOKEN": "an npm token",
    "JWT": "a JWT",
}


class CisDockerRule(DockerfileRule):
    severity = Severity.WARNING
    tags = ("compliance", "cis")
    requires = "premium-rules"
    origin = "pack"
    pack = "CIS Docker pack"  # what a selection the license does not cover names (tiers/selection.py)

    def relabel(self, finding, control: str):
        """A base rule's finding under this control's code (its fix, range and wording kept)."""
        return finding.with_(
            code=self.code,
            message=f"{control}: {finding.message}",
            aliases=self.aliases,
            url=self.url(),
            severity=self.severity,
        )


class CisDockerMapped(MappedRule, CisDockerRule):
    """A control whose check is exactly a Dockerfile rule's."""

    def check(self, ctx):
        return MappedRule.check(self, ctx)


def _final_chain(df):
    return stage_chain(df, df.stages[-1]) if df.stages else []


def _from_range(stage):
    ins = stage.instruction
    return ins.word_range(stage.image_word) if stage.image_word else ins.keyword_range


class Cis4_1(CisDockerRule):
    """CIS Docker 4.1: Ensure that a user for the container has been created.

    A container runs as root unless its image says otherwise, and root in a container is one kernel
    bug away from root on the host. The final stage (or a stage it is built on) must switch to an
    unprivileged USER; a last USER of root is reported on that USER (as DF026 does), a missing USER on
    the final FROM. Base images that set a non-root user themselves (``:nonroot`` distroless,
    rootless, Windows nanoserver) and a base image given by a variable are not reported.

    Part of the CIS Docker Benchmark pack (Professional).

    Bad:

        FROM python:3.12-slim
        COPY app.py /app/
        CMD ["python", "/app/app.py"]

    Good:

        FROM python:3.12-slim
        RUN useradd --system --uid 10001 app
        COPY app.py /app/
        USER app
        CMD ["python", "/app/app.py"]
    """

    code = "CD001"
    name = "cis-docker-4-1"
    message = "CIS 4.1: Ensure that a user for the container has been created"
    aliases = ("cis-docker:4.1",)

    def check_file(self, df, ctx):
        chain = _final_chain(df)
        if not chain:
            return
        if any(i.keyword == "USER" for stage in chain for i in stage.instructions):
            for finding in LastUserRoot().check_file(df, ctx):
                yield self.relabel(finding, "CIS 4.1")
            return
        base = chain[-1]
        if has_variable(base.image) or _NONROOT_IMAGE.search(base.image):
            return
        yield self.finding(_from_range(chain[0]), "CIS 4.1: No USER in the final stage; the container runs as root")


class Cis4_6(CisDockerRule):
    """CIS Docker 4.6: Ensure that HEALTHCHECK instructions have been added to container images.

    Without a HEALTHCHECK the engine (and Swarm, and anything reading ``docker inspect``) only knows
    whether the process is alive, not whether it serves. Reported on the final FROM when neither the
    final stage nor a stage it is built on has a HEALTHCHECK, and on ``HEALTHCHECK NONE`` when that is
    the one in force. The check is DF024's, which by itself runs only when selected by name.

    Part of the CIS Docker Benchmark pack (Professional).

    Bad:

        FROM nginx:1.27
        COPY site /usr/share/nginx/html

    Good:

        FROM nginx:1.27
        COPY site /usr/share/nginx/html
        HEALTHCHECK CMD curl -fs http://localhost/ || exit 1
    """

    code = "CD002"
    name = "cis-docker-4-6"
    message = "CIS 4.6: Ensure that HEALTHCHECK instructions have been added to container images"
    aliases = ("cis-docker:4.6",)

    def check_file(self, df, ctx):
        chain = _final_chain(df)
        for stage in chain:  # nearest first: the HEALTHCHECK in force is the last one of the nearest stage
            checks = [i for i in stage.instructions if i.keyword == "HEALTHCHECK"]
            if checks:
                last = checks[-1]
                if last.args.strip().upper() == "NONE":
                    yield self.finding(last.args_range, "CIS 4.6: HEALTHCHECK NONE disables the health check")
                return
        if chain and not has_variable(chain[-1].image):  # an unknown base image may have one
            yield self.finding(_from_range(chain[0]), "CIS 4.6: No HEALTHCHECK instruction in the final stage")


class Cis4_10(CisDockerRule):
    """CIS Docker 4.10: Ensure secrets are not stored in Dockerfiles.

    Anything in a Dockerfile ends up in the image's layers or history, where anyone who can pull the
    image reads it. Reported: ARG/ENV names that hold secrets (DF035's check), and literal secrets
    anywhere in the file: private key blocks, provider tokens (AWS, GitHub, GitLab, Slack, Google,
    Stripe, npm), JWTs and passwords in URLs. Use build secrets (``RUN --mount=type=secret``) instead.

    Part of the CIS Docker Benchmark pack (Professional).

    Bad:

        FROM alpine:3.20
        ENV DB_PASSWORD=hunter2
        RUN git clone https://deploy:s3cr3t@git.example.com/app.git

    Good:

        FROM alpine:3.20
        RUN --mount=type=secret,id=git_token \\
            git clone "https://deploy:$(cat /run/secrets/git_token)@git.example.com/app.git"
    """

    code = "CD005"
    name = "cis-docker-4-10"
    message = "CIS 4.10: Ensure secrets are not stored in Dockerfiles"
    aliases = ("cis-docker:4.10",)

    def check_file(self, df, ctx):
        for finding in SecretsInArgOrEnv().check_file(df, ctx):
            yield self.relabel(finding, "CIS 4.10")
        doc = ctx.document
        for kind, _, match in find_tokens(doc.text):
            label = _TOKEN_LABELS.get(kind, kind.replace("_", " ").lower())
            yield self.finding(
                doc.range_of(match.start(), match.end()), f"CIS 4.10: Secret in the Dockerfile ({label})"
            )
        for match in URL_CREDENTIALS.finditer(doc.text):
            secret = match.group("secret")
            if has_variable(secret):  # $(cat /run/secrets/x) or ${TOKEN}: a reference, not the secret
                continue
            yield self.finding(
                doc.range_of(match.start("secret"), match.end("secret")),
                "CIS 4.10: A password is written in a URL in the Dockerfile",
            )


def _mapped_doc(control: str, title: str, base) -> str:
    docs = base.docs()
    examples = docs[docs.index("Bad:") :]
    return f"CIS Docker {control}: {title}.\n\n{PACK} The check is the same as {base.code} ({base.name}).\n\n{examples}"


_MAPPED = [
    ("CD003", "4.7", "Ensure update instructions are not used alone in the Dockerfile", PackageUpdateAlone),
    ("CD004", "4.9", "Ensure that COPY is used instead of ADD in Dockerfiles", AddInsteadOfCopy),
]

for _code, _control, _title, _base in _MAPPED:
    type(
        f"Cis{_control.replace('.', '_')}",
        (CisDockerMapped,),
        {
            "__doc__": _mapped_doc(_control, _title, _base),
            "__module__": __name__,
            "code": _code,
            "name": f"cis-docker-{_control.replace('.', '-')}",
            "message": f"CIS {_control}: {_title}",
            "control": f"CIS {_control}",
            "base": _base,
            "aliases": (f"cis-docker:{_control}",),
            "fixable": _base.fixable,
        },
    )
