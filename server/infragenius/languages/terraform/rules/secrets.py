"""Hard-coded secrets: provider credentials, AWS access keys anywhere, literal passwords."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ....core import secrets
from ....core.document import Range
from ....core.findings import Finding, Severity
from ..hcl import Attribute, Block, node_text
from ..model import TerraformModel
from ..values import Evaluator
from ._base import TerraformRule
from .style import iter_nodes

_ACCESS_KEY = re.compile(r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b")
_SECRET_NAME = re.compile(r"(^|_)(password|passwd|pass|pwd|secret|secret_key|client_secret|api_?key|token)$")
# AWS idempotency tokens (aws_efs_file_system.creation_token) are names the caller picks, not secrets
_NOT_SECRET_NAME = re.compile(
    r"(^|_)(length|policy|name|id|arn|version|enabled|count|type|wo_version|reset)$|_arn$|_id$|(creation|client|idempotency)_token$"
)


def _literal(attr: Attribute) -> str | None:
    """The value when it is a plain string literal (no interpolation, no reference)."""
    expr = attr.expr
    if expr.child_count != 1 or expr.children[0].type not in ("literal_value", "template_expr"):
        return None
    if any(
        n.type in ("template_interpolation", "template_directive")
        for n in iter_nodes(expr, frozenset({"template_interpolation", "template_directive"}))
    ):
        return None
    value = Evaluator(None).value(expr)
    return value if isinstance(value, str) else None


def _secret_literal(attr: Attribute) -> str | None:
    """The literal when it can be a secret: not a placeholder such as ``changeme`` or ``<password>``."""
    value = _literal(attr)
    return None if value is None or secrets.is_placeholder(value) else value


class ProviderCredentials(TerraformRule):
    """AWS credentials written in the ``provider`` block (``access_key`` / ``secret_key``).

    They end up in version control; use the environment, a profile, or an assumed role.

    Bad:
        provider "aws" {
          access_key = "AKIAIOSFODNN7EXAMPLE"
          secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        }

    Good:
        provider "aws" {
          region = "eu-west-1"
        }
    """

    code = "TF140"
    name = "provider-hardcoded-credentials"
    message = "Hard-coded AWS credentials in the provider block"
    severity = Severity.ERROR
    tags = ("security", "aws", "secrets")
    aliases = ("checkov:CKV_AWS_41",)

    def check_model(self, model: TerraformModel, ctx) -> Iterator[Finding]:
        for block in model.file.top("provider"):
            if block.labels[:1] != ["aws"]:
                continue
            for name in ("access_key", "secret_key"):
                attr = block.attr(name)
                if attr is not None and _literal(attr):
                    yield self.finding(attr.range, f"Hard-coded `{name}` in the aws provider")


class AwsAccessKey(TerraformRule):
    """An AWS access key ID (``AKIA...``) written in the file.

    Bad:
        user_data = "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE"

    Good:
        iam_instance_profile = aws_iam_instance_profile.web.name
    """

    code = "TF141"
    name = "aws-access-key"
    message = "AWS access key ID in the file"
    severity = Severity.ERROR
    tfvars = True
    tags = ("security", "secrets")
    aliases = ("checkov:CKV_SECRET_2",)

    def check_model(self, model: TerraformModel, ctx) -> Iterator[Finding]:
        fm = model.file
        covered = [  # TF140 already reports keys in the aws provider block
            (a.node.start_byte, a.node.end_byte)
            for b in fm.top("provider")
            if b.labels[:1] == ["aws"]
            for a in b.attribute_list
            if a.name in ("access_key", "secret_key")
        ]
        for node in fm.nodes("template_literal"):
            if any(lo <= node.start_byte < hi for lo, hi in covered):
                continue
            text = node_text(node)
            for match in _ACCESS_KEY.finditer(text):
                start = fm.pos.point(node.start_point)
                before = text[: match.start()]
                if "\n" in before:
                    line = start.line + before.count("\n")
                    column = len(before.rsplit("\n", 1)[1])
                else:
                    line, column = start.line, start.column + len(before)
                yield self.finding(Range.of(line, column, line, column + len(match.group(0))))


class HardcodedPassword(TerraformRule):
    """A password or secret attribute set to a literal string (or a secret-named variable's default).

    Secrets in ``.tf`` files end up in version control and in plan output. Pass them in from a
    secret store (``aws_secretsmanager_secret_version``, ``random_password``) or a sensitive variable.

    Bad:
        resource "aws_db_instance" "db" {
          password = "Sup3rS3cret!"
        }

    Good:
        resource "aws_db_instance" "db" {
          password = random_password.db.result
        }
    """

    code = "TF142"
    name = "hardcoded-password"
    message = "Hard-coded secret"
    severity = Severity.ERROR
    tags = ("security", "secrets", "no-peer")
    tfvars = True

    def check_model(self, model: TerraformModel, ctx) -> Iterator[Finding]:
        yield from self._attrs_of(model.file.attributes)  # .tfvars values
        for block in model.file.blocks:
            if block.type == "variable" and block.labels:
                name = block.labels[0].lower()
                default = block.attr("default")
                if (
                    default is not None
                    and _SECRET_NAME.search(name)
                    and not _NOT_SECRET_NAME.search(name)
                    and _secret_literal(default)
                ):
                    yield self.finding(default.range, f"Variable `{block.labels[0]}` has a hard-coded default secret")
                continue
            if block.type not in ("resource", "data", "provider", "module"):
                continue
            if block.type == "provider" and block.labels[:1] == ["aws"]:
                continue  # TF140 covers the aws provider's keys
            for inner in block.walk():
                yield from self._attrs(inner)

    def _attrs(self, block: Block) -> Iterator[Finding]:
        yield from self._attrs_of(block.attribute_list)

    def _attrs_of(self, attributes: list[Attribute]) -> Iterator[Finding]:
        for attr in attributes:
            name = attr.name.lower()
            if not _SECRET_NAME.search(name) or _NOT_SECRET_NAME.search(name):
                continue
            value = _secret_literal(attr)
            if value and len(value) >= 4 and not value.startswith(("arn:", "projects/")):
                yield self.finding(attr.range, f"Hard-coded secret in `{attr.name}`")
