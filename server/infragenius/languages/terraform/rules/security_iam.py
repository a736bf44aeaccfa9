"""IAM policies with ``*`` actions or full admin rights: inline JSON (``jsonencode``, heredoc,
string, a ``templatefile`` template) in policy resources and ``aws_iam_policy_document`` data
sources. Interpolations are unknown strings inside the JSON: a judged field holding one says nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ....core.context import Workspace
from ....core.document import Position, Range
from ....core.findings import Finding, Severity
from ..hcl import Attribute, Block, node_text
from ..model import TerraformModel
from ..templates import render_templatefile
from ..values import MISSING, UNKNOWN, UNKNOWN_TEXT, Evaluator, parse_json_text
from ._base import ResourceRule

POLICY_RESOURCES = ("aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy")
_ACTION_STAR = re.compile(r'(?:"Action"|\bAction)\s*[:=]\s*\[?\s*"\*"')


def _as_list(value: Any) -> list:
    if isinstance(value, list):
        return value
    return [value]


def _statements(doc: Any) -> list[dict]:
    if not isinstance(doc, dict):
        return []
    statements = doc.get("Statement")
    if isinstance(statements, dict):
        return [statements]
    return [s for s in statements if isinstance(s, dict)] if isinstance(statements, list) else []


def star_action(statement: dict) -> bool:
    return statement.get("Effect") == "Allow" and "*" in _as_list(statement.get("Action"))


def admin(statement: dict) -> bool:
    return star_action(statement) and "*" in _as_list(statement.get("Resource"))


def _policy_attrs(block: Block) -> Iterator[Attribute]:
    attr = block.attr("policy")
    if attr is not None:
        yield attr
    for inline in block.children("inline_policy"):  # aws_iam_role
        attr = inline.attr("policy")
        if attr is not None:
            yield attr


def _star_range(attr: Attribute, pattern: re.Pattern = _ACTION_STAR) -> Range:
    """The ``"Action": "*"`` (or ``pattern``) inside the policy text when found, else the attribute."""
    text = node_text(attr.expr)
    match = pattern.search(text)
    if match is None:
        return attr.range
    start = attr.expr_range.start
    before = text[: match.start()]
    line = start.line + before.count("\n")
    column = (start.column + len(before)) if "\n" not in before else len(before.rsplit("\n", 1)[1])
    matched = match.group(0)
    if "\n" in matched:
        return attr.range
    return Range(Position(line, column), Position(line, column + len(matched)))


def policy_document(attr: Attribute, model: TerraformModel) -> tuple[Any, Path | None]:
    """The JSON structure of a policy attribute (unknown parts as UNKNOWN_TEXT strings), and the
    template file it comes from when it is a ``templatefile(...)`` call."""
    read = (model.workspace or Workspace()).read_text
    rendered = render_templatefile(attr.expr, model.module, read)
    if rendered is not None:
        return parse_json_text(rendered.text), rendered.path
    return parse_json_text(Evaluator(model.module, placeholder=UNKNOWN_TEXT).value(attr.expr)), None


def policy_finding(
    rule: ResourceRule, attr: Attribute, template: Path | None, pattern: re.Pattern = _ACTION_STAR
) -> Finding:
    """On the matching text of an inline policy; on the attribute, naming the file, for a template."""
    if template is None:
        return rule.finding(_star_range(attr, pattern))
    return rule.finding(attr.range, f"{rule.message} (in `{template.as_posix()}`)")


class _PolicyRule(ResourceRule):
    resource_types = POLICY_RESOURCES + ("aws_iam_role",)
    predicate = staticmethod(star_action)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        for attr in _policy_attrs(block):
            doc, template = policy_document(attr, model)
            if any(self.predicate(s) for s in _statements(doc)):
                yield policy_finding(self, attr, template)


class _PolicyDocRule(ResourceRule):
    kind = "data"
    resource_types = ("aws_iam_policy_document",)
    predicate = staticmethod(star_action)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        for st in block.children("statement"):
            effect, _ = ev.attr(st, "effect")
            actions, actions_attr = ev.attr(st, "actions")
            resources, _ = ev.attr(st, "resources")
            if effect is UNKNOWN or actions_attr is None or not isinstance(actions, list):
                continue
            statement = {
                "Effect": "Allow" if effect is MISSING else effect,
                "Action": actions,
                "Resource": resources if isinstance(resources, list) else [],
            }
            if self.predicate(statement):
                yield self.finding(actions_attr.range)


class IamAdminPolicy(_PolicyRule):
    """IAM policy granting full administrative rights: ``"Action": "*"`` on ``"Resource": "*"``.

    Bad:
        resource "aws_iam_policy" "p" {
          policy = jsonencode({
            Version   = "2012-10-17"
            Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
          })
        }

    Good:
        resource "aws_iam_policy" "p" {
          policy = jsonencode({
            Version   = "2012-10-17"
            Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "*" }]
          })
        }
    """

    code = "TF125"
    name = "iam-admin-policy"
    message = 'IAM policy grants full "*:*" administrative privileges'
    severity = Severity.ERROR
    tags = ("security", "aws", "iam")
    aliases = ("checkov:CKV_AWS_62", "trivy:AVD-AWS-0057")
    predicate = staticmethod(admin)


class IamStarAction(_PolicyRule):
    """IAM policy statement allowing every action (``"Action": "*"``).

    Bad:
        resource "aws_iam_role_policy" "p" {
          role   = aws_iam_role.r.id
          policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "arn:aws:s3:::b" }] })
        }

    Good:
        resource "aws_iam_role_policy" "p" {
          role   = aws_iam_role.r.id
          policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::b" }] })
        }
    """

    code = "TF126"
    name = "iam-star-action"
    message = 'IAM policy allows "*" as an action'
    severity = Severity.WARNING
    tags = ("security", "aws", "iam")
    aliases = ("checkov:CKV_AWS_63", "trivy:AVD-AWS-0057")


class IamPolicyDocumentAdmin(_PolicyDocRule):
    """``aws_iam_policy_document`` statement granting ``*`` actions on ``*`` resources (full admin).

    Bad:
        data "aws_iam_policy_document" "p" {
          statement {
            actions   = ["*"]
            resources = ["*"]
          }
        }

    Good:
        data "aws_iam_policy_document" "p" {
          statement {
            actions   = ["s3:GetObject"]
            resources = ["*"]
          }
        }
    """

    code = "TF127"
    name = "iam-policy-document-admin"
    message = 'IAM policy document grants full "*:*" administrative privileges'
    severity = Severity.ERROR
    tags = ("security", "aws", "iam")
    aliases = ("checkov:CKV_AWS_1", "trivy:AVD-AWS-0057")
    predicate = staticmethod(admin)


class IamPolicyDocumentStarAction(_PolicyDocRule):
    """``aws_iam_policy_document`` statement allowing every action (``actions = ["*"]``).

    Bad:
        data "aws_iam_policy_document" "p" {
          statement {
            actions   = ["*"]
            resources = ["arn:aws:s3:::b"]
          }
        }

    Good:
        data "aws_iam_policy_document" "p" {
          statement {
            actions   = ["s3:GetObject"]
            resources = ["arn:aws:s3:::b"]
          }
        }
    """

    code = "TF128"
    name = "iam-policy-document-star-action"
    message = 'IAM policy document allows "*" as an action'
    severity = Severity.WARNING
    tags = ("security", "aws", "iam")
    aliases = ("checkov:CKV_AWS_49", "trivy:AVD-AWS-0057")
