"""Public exposure: S3 buckets open through ACLs, a public access block turned off or missing, or a policy
that lets anyone in; RDS instances reachable from the internet; public IPs on subnets and instances; Cloud SQL
open to the world. Unknown values (variables without defaults, resource attributes) never report."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ....core.findings import Finding, Severity
from ..hcl import Attribute, Block
from ..model import TerraformModel
from ..values import MISSING, UNKNOWN, Evaluator
from ._base import ResourceRule, is_false, is_true
from ._links import bucket_companions
from .security_iam import _statements, policy_document, policy_finding

_PUBLIC_ACLS = {"public-read": "CKV_AWS_20", "public-read-write": "CKV_AWS_57", "authenticated-read": "CKV_AWS_20"}


class S3PublicAcl(ResourceRule):
    """S3 bucket with a public canned ACL (``public-read``, ``public-read-write``, ``authenticated-read``)
    or an explicit grant to the ``AllUsers`` / ``AuthenticatedUsers`` group (``access_control_policy``).

    Anyone (or any AWS user) can list and read the objects; ``public-read-write`` lets them write.

    Bad:
        resource "aws_s3_bucket_acl" "b" {
          bucket = aws_s3_bucket.b.id
          acl    = "public-read"
        }

    Good:
        resource "aws_s3_bucket_acl" "b" {
          bucket = aws_s3_bucket.b.id
          acl    = "private"
        }
    """

    code = "TF100"
    name = "s3-public-acl"
    message = "S3 bucket ACL grants public access"
    severity = Severity.ERROR
    tags = ("security", "aws")
    aliases = ("checkov:CKV_AWS_20", "checkov:CKV_AWS_57", "trivy:AVD-AWS-0092")
    resource_types = ("aws_s3_bucket", "aws_s3_bucket_acl")

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        value, attr = ev.attr(block, "acl")
        if isinstance(value, str) and value in _PUBLIC_ACLS and attr is not None:
            yield self.finding(attr.range, f"S3 bucket ACL `{value}` grants public access", check=_PUBLIC_ACLS[value])
        for uri, uri_attr, permissions in _grants(block, ev):
            group = _public_group(uri)
            if group is None or uri_attr is None:
                continue
            known_permissions = [p for p in permissions if isinstance(p, str)]
            what = ", ".join(f"`{p}`" for p in known_permissions) or "access"
            check = "CKV_AWS_57" if _WRITE_PERMISSIONS & set(known_permissions) else "CKV_AWS_20"
            yield self.finding(
                uri_attr.range, f"S3 bucket ACL grants {what} to {_PUBLIC_GROUPS[group]} ({group})", check=check
            )


_PUBLIC_GROUPS = {"AllUsers": "everyone", "AuthenticatedUsers": "any AWS user"}
_WRITE_PERMISSIONS = {"WRITE", "WRITE_ACP", "FULL_CONTROL"}


def _grants(block: Block, ev: Evaluator) -> Iterator[tuple[Any, Attribute | None, list]]:
    """(grantee uri, its attribute, permissions) of each explicit grant: ``grant`` blocks of an
    ``aws_s3_bucket`` (provider v3), ``access_control_policy { grant { grantee } }`` of an ACL."""
    if block.labels[0] == "aws_s3_bucket":
        for grant in block.children("grant"):
            uri, attr = ev.attr(grant, "uri")
            permissions, _ = ev.attr(grant, "permissions")
            yield uri, attr, permissions if isinstance(permissions, list) else []
        return
    for policy in block.children("access_control_policy"):
        for grant in policy.children("grant"):
            uri, attr = ev.attr(grant, "grantee.uri")
            permission, _ = ev.attr(grant, "permission")
            yield uri, attr, [permission]


def _public_group(uri: Any) -> str | None:
    """``AllUsers`` or ``AuthenticatedUsers`` for the URIs of S3's global groups, else None."""
    if not isinstance(uri, str) or "/groups/global/" not in uri:
        return None
    name = uri.rstrip("/").rsplit("/", 1)[-1]
    return name if name in _PUBLIC_GROUPS else None


_PAB = {
    "block_public_acls": "CKV_AWS_53",
    "block_public_policy": "CKV_AWS_54",
    "ignore_public_acls": "CKV_AWS_55",
    "restrict_public_buckets": "CKV_AWS_56",
}


class S3PublicAccessBlockOff(ResourceRule):
    """S3 public access block with a protection turned off or left out (they default to ``false``).

    Bad:
        resource "aws_s3_bucket_public_access_block" "b" {
          bucket            = aws_s3_bucket.b.id
          block_public_acls = false
        }

    Good:
        resource "aws_s3_bucket_public_access_block" "b" {
          bucket                  = aws_s3_bucket.b.id
          block_public_acls       = true
          block_public_policy     = true
          ignore_public_acls      = true
          restrict_public_buckets = true
        }
    """

    code = "TF101"
    name = "s3-public-access-block-off"
    message = "S3 public access block setting is not enabled"
    severity = Severity.WARNING
    tags = ("security", "aws")
    aliases = (
        "checkov:CKV_AWS_53",
        "checkov:CKV_AWS_54",
        "checkov:CKV_AWS_55",
        "checkov:CKV_AWS_56",
        "trivy:AVD-AWS-0086",
        "trivy:AVD-AWS-0087",
        "trivy:AVD-AWS-0091",
        "trivy:AVD-AWS-0093",
    )
    resource_types = ("aws_s3_bucket_public_access_block",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        for name, check in _PAB.items():
            value, attr = ev.attr(block, name)
            if value is MISSING:
                yield self.finding(block.header_range, f"`{name}` is not set (defaults to false)", check=check)
            elif is_false(value) and attr is not None:
                yield self.finding(attr.range, f"`{name}` is false", check=check)


_BLOCK_SETTINGS = ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")


def account_blocks_public_access(model: TerraformModel, ev: Evaluator) -> bool:
    """The module turns on the account-wide public access block, which covers every bucket. Each
    setting defaults to false; one we cannot evaluate may be on, so it does not count against."""

    def on(value: object) -> bool:
        return value is UNKNOWN or is_true(value)

    return any(
        all(on(ev.attr(block, name)[0]) for name in _BLOCK_SETTINGS)
        for block in model.module.resources_of("aws_s3_account_public_access_block")
    )


class S3NoPublicAccessBlock(ResourceRule):
    """S3 bucket without an ``aws_s3_bucket_public_access_block`` in the module.

    Without it, a later ACL or bucket policy can make objects public.

    Bad:
        resource "aws_s3_bucket" "b" { bucket = "data" }

    Good:
        resource "aws_s3_bucket" "b" { bucket = "data" }
        resource "aws_s3_bucket_public_access_block" "b" {
          bucket                  = aws_s3_bucket.b.id
          block_public_acls       = true
          block_public_policy     = true
          ignore_public_acls      = true
          restrict_public_buckets = true
        }
    """

    code = "TF102"
    name = "s3-no-public-access-block"
    message = "S3 bucket has no public access block"
    severity = Severity.WARNING
    tags = ("security", "aws")
    aliases = ("checkov:CKV2_AWS_6", "trivy:AVD-AWS-0094")
    resource_types = ("aws_s3_bucket",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        if not model.module.complete or account_blocks_public_access(model, ev):
            return
        found = bucket_companions(block, model.module, ("aws_s3_bucket_public_access_block",), ev)
        if found == []:
            yield self.finding(block.header_range)


class RdsPubliclyAccessible(ResourceRule):
    """RDS instance with ``publicly_accessible = true``: the database gets a public IP address.

    Bad:
        resource "aws_db_instance" "db" { publicly_accessible = true }

    Good:
        resource "aws_db_instance" "db" { publicly_accessible = false }
    """

    code = "TF110"
    name = "rds-publicly-accessible"
    message = "RDS instance is publicly accessible"
    severity = Severity.ERROR
    tags = ("security", "aws", "network")
    aliases = ("checkov:CKV_AWS_17", "trivy:AVD-AWS-0082")
    resource_types = ("aws_db_instance", "aws_rds_cluster_instance")

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        yield from self.expect(block, ev, "publicly_accessible", is_true, missing_is_bad=False)


_PRINCIPAL_STAR = re.compile(r'(?:"Principal"|\bPrincipal)\s*[:=]\s*(?:\{\s*(?:"AWS"|AWS)\s*[:=]\s*)?\[?\s*"\*"')

# Conditions that narrow "any principal" to an account, organisation, VPC or source.
_NARROWING = (
    "aws:sourcevpce",
    "aws:sourcevpc",
    "aws:principalorgid",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceip",
    "aws:vpceaccount",
    "aws:principalorgpaths",
    "aws:userid",
)


def _any_principal(statement: dict) -> bool:
    if statement.get("Effect") != "Allow":
        return False
    principal = statement.get("Principal")
    if isinstance(principal, dict):
        principal = principal.get("AWS")
    values = principal if isinstance(principal, list) else [principal]
    if "*" not in values:
        return False
    condition = statement.get("Condition")
    if isinstance(condition, dict):
        keys = {k.lower() for ops in condition.values() if isinstance(ops, dict) for k in ops}
        if keys & set(_NARROWING) or not keys <= {"bool", "aws:securetransport"}:
            return False  # narrowed (or conditions we cannot judge)
    elif condition is not None:
        return False
    return True


class S3PolicyAnyPrincipal(ResourceRule):
    """S3 bucket policy allowing an action to any principal (``"Principal": "*"``) without a narrowing condition.

    Anyone on the internet can perform the allowed actions on the bucket.

    Bad:
        resource "aws_s3_bucket_policy" "p" {
          bucket = aws_s3_bucket.b.id
          policy = jsonencode({
            Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*" }]
          })
        }

    Good:
        resource "aws_s3_bucket_policy" "p" {
          bucket = aws_s3_bucket.b.id
          policy = jsonencode({
            Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*" }]
          })
        }
    """

    code = "TF145"
    name = "s3-policy-any-principal"
    message = "S3 bucket policy allows any principal"
    severity = Severity.ERROR
    tags = ("security", "aws")
    aliases = ("checkov:CKV_AWS_70",)
    resource_types = ("aws_s3_bucket_policy", "aws_s3_bucket")

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        attr = block.attr("policy")
        if attr is None:
            return
        doc, template = policy_document(attr, model)
        if any(_any_principal(s) for s in _statements(doc)):
            yield policy_finding(self, attr, template, _PRINCIPAL_STAR)


class SubnetPublicIp(ResourceRule):
    """Subnet that gives every instance a public IP address (``map_public_ip_on_launch = true``).

    Bad:
        resource "aws_subnet" "s" {
          vpc_id                  = aws_vpc.v.id
          cidr_block              = "10.0.1.0/24"
          map_public_ip_on_launch = true
        }

    Good:
        resource "aws_subnet" "s" {
          vpc_id     = aws_vpc.v.id
          cidr_block = "10.0.1.0/24"
        }
    """

    code = "TF146"
    name = "subnet-public-ip"
    message = "Subnet assigns public IP addresses by default"
    severity = Severity.INFORMATION
    tags = ("security", "aws", "network")
    aliases = ("checkov:CKV_AWS_130", "trivy:AVD-AWS-0164")
    resource_types = ("aws_subnet",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        yield from self.expect(block, ev, "map_public_ip_on_launch", is_true, missing_is_bad=False)


class InstancePublicIp(ResourceRule):
    """EC2 instance or launch template with a public IP address (``associate_public_ip_address = true``).

    Bad:
        resource "aws_instance" "web" {
          ami                         = "ami-123"
          instance_type               = "t3.micro"
          associate_public_ip_address = true
        }

    Good:
        resource "aws_instance" "web" {
          ami           = "ami-123"
          instance_type = "t3.micro"
        }
    """

    code = "TF147"
    name = "instance-public-ip"
    message = "EC2 instance has a public IP address"
    severity = Severity.INFORMATION
    tags = ("security", "aws", "network")
    aliases = ("checkov:CKV_AWS_88",)
    resource_types = ("aws_instance", "aws_launch_template")

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        path = (
            "associate_public_ip_address"
            if block.labels[0] == "aws_instance"
            else "network_interfaces.associate_public_ip_address"
        )
        yield from self.expect(block, ev, path, is_true, missing_is_bad=False)


def _open_networks(value: Any) -> bool:
    return isinstance(value, str) and value.endswith("/0")


class CloudSqlOpenToWorld(ResourceRule):
    """Cloud SQL instance with an authorised network open to the whole internet (``0.0.0.0/0``).

    Bad:
        resource "google_sql_database_instance" "db" {
          settings {
            ip_configuration {
              authorized_networks {
                value = "0.0.0.0/0"
              }
            }
          }
        }

    Good:
        resource "google_sql_database_instance" "db" {
          settings {
            ip_configuration {
              ipv4_enabled    = false
              private_network = google_compute_network.private.id
            }
          }
        }
    """

    code = "TF166"
    name = "cloudsql-open-to-world"
    message = "Cloud SQL instance is open to the internet"
    severity = Severity.ERROR
    tags = ("security", "gcp", "network")
    aliases = ("checkov:CKV_GCP_11", "trivy:AVD-GCP-0017")
    resource_types = ("google_sql_database_instance",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        for settings in block.children("settings"):
            for ip in settings.children("ip_configuration"):
                for network in ip.children("authorized_networks"):
                    value, attr = ev.attr(network, "value")
                    if _open_networks(value) and attr is not None:
                        yield self.finding(attr.range, f"Cloud SQL instance is open to `{value}`")
