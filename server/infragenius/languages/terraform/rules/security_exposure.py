"""Public exposure: S3 bucket policies open to everyone, public IPs on subnets and instances,
Cloud SQL open to the world."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ....core.findings import Finding, Severity
from ..hcl import Block
from ..model import TerraformModel
from ..values import Evaluator
from ._base import ResourceRule, is_true
from .security_iam import _statements, policy_document, policy_finding

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
