"""AWS logging and recovery: S3 access logs and versioning, DynamoDB point-in-time recovery, CloudTrail.
Unknown values (variables without defaults, resource attributes) never report."""

from __future__ import annotations

from collections.abc import Iterator

from ....core.findings import Finding, Severity
from ..hcl import Block
from ..model import TerraformModel
from ..values import MISSING, UNKNOWN, Evaluator
from ._base import MustBeSet, MustBeTrue, ResourceRule, is_false, is_true
from ._links import bucket_companions


class _S3Companion(ResourceRule):
    """Shared logic: an S3 bucket setting given inline (old style) or by a companion resource."""

    resource_types = ("aws_s3_bucket",)
    inline: tuple[str, ...] = ()
    companions: tuple[str, ...] = ()

    def inline_ok(self, block: Block, ev: Evaluator) -> bool | None:
        for name in self.inline:
            if block.child(name) is not None or block.attr(name) is not None:
                return True
            if any(b.type == "dynamic" and b.labels[:1] == [name] for b in block.blocks):
                return None
        return False

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        if not model.module.complete:
            return
        inline = self.inline_ok(block, ev)
        if inline is not False:
            return
        found = bucket_companions(block, model.module, self.companions, ev)
        if found == []:
            yield self.finding(block.header_range)


class S3NoVersioning(_S3Companion):
    """S3 bucket without versioning: overwritten or deleted objects cannot be recovered.

    Bad:
        resource "aws_s3_bucket" "b" { bucket = "data" }

    Good:
        resource "aws_s3_bucket" "b" { bucket = "data" }
        resource "aws_s3_bucket_versioning" "b" {
          bucket = aws_s3_bucket.b.id
          versioning_configuration { status = "Enabled" }
        }
    """

    code = "TF104"
    name = "s3-no-versioning"
    message = "S3 bucket has no versioning"
    severity = Severity.INFORMATION
    tags = ("security", "aws", "reliability")
    aliases = ("checkov:CKV_AWS_21", "trivy:AVD-AWS-0090")
    companions = ("aws_s3_bucket_versioning",)

    def inline_ok(self, block: Block, ev: Evaluator) -> bool | None:
        if any(b.type == "dynamic" and b.labels[:1] == ["versioning"] for b in block.blocks):
            return None
        if block.child("versioning") is None:
            return False
        value, _ = ev.attr(block, "versioning.enabled")
        return None if value is UNKNOWN else is_true(value)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        inline = block.child("versioning")
        if inline is not None:
            value, attr = ev.attr(block, "versioning.enabled")
            if is_false(value) and attr is not None:
                yield self.finding(attr.range, "S3 bucket versioning is disabled")
                return
            if value is not MISSING:
                return
        yield from super().check_block(block, ev, model)


class S3NoAccessLogging(_S3Companion):
    """S3 bucket without server access logging: access to the data cannot be audited.

    Bad:
        resource "aws_s3_bucket" "b" { bucket = "data" }

    Good:
        resource "aws_s3_bucket" "b" { bucket = "data" }
        resource "aws_s3_bucket_logging" "b" {
          bucket        = aws_s3_bucket.b.id
          target_bucket = aws_s3_bucket.logs.id
          target_prefix = "data/"
        }
    """

    code = "TF105"
    name = "s3-no-access-logging"
    message = "S3 bucket has no access logging"
    severity = Severity.INFORMATION
    tags = ("security", "aws", "logging")
    aliases = ("checkov:CKV_AWS_18", "trivy:AVD-AWS-0089")
    inline = ("logging",)
    companions = ("aws_s3_bucket_logging",)


class DynamoDbNoPitr(ResourceRule):
    """DynamoDB table without point-in-time recovery.

    Bad:
        resource "aws_dynamodb_table" "t" { name = "t" }

    Good:
        resource "aws_dynamodb_table" "t" {
          name = "t"
          point_in_time_recovery { enabled = true }
        }
    """

    code = "TF113"
    name = "dynamodb-no-pitr"
    message = "DynamoDB table has no point-in-time recovery"
    severity = Severity.INFORMATION
    tags = ("security", "aws", "reliability")
    aliases = ("checkov:CKV_AWS_28", "trivy:AVD-AWS-0024")
    resource_types = ("aws_dynamodb_table",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        yield from self.expect(block, ev, "point_in_time_recovery.enabled", is_false, missing_is_bad=True)


class CloudTrailNotMultiRegion(MustBeTrue):
    """CloudTrail trail that records only its own region.

    Bad:
        resource "aws_cloudtrail" "t" { name = "trail" }

    Good:
        resource "aws_cloudtrail" "t" {
          name                  = "trail"
          is_multi_region_trail = true
        }
    """

    code = "TF120"
    name = "cloudtrail-not-multi-region"
    message = "CloudTrail is not enabled in all regions"
    tags = ("security", "aws", "logging")
    aliases = ("checkov:CKV_AWS_67", "trivy:AVD-AWS-0014")
    resource_types = ("aws_cloudtrail",)
    attribute = "is_multi_region_trail"


class CloudTrailUnencrypted(MustBeSet):
    """CloudTrail logs not encrypted with a KMS key (``kms_key_id``).

    Bad:
        resource "aws_cloudtrail" "t" { name = "trail" }

    Good:
        resource "aws_cloudtrail" "t" {
          name       = "trail"
          kms_key_id = aws_kms_key.trail.arn
        }
    """

    code = "TF121"
    name = "cloudtrail-unencrypted"
    message = "CloudTrail logs are not encrypted with KMS"
    severity = Severity.WARNING
    tags = ("security", "aws", "encryption")
    aliases = ("checkov:CKV_AWS_35", "trivy:AVD-AWS-0015")
    resource_types = ("aws_cloudtrail",)
    attribute = "kms_key_id"


class CloudTrailNoLogValidation(MustBeTrue):
    """CloudTrail without log file validation: tampering with the logs goes unnoticed.

    Bad:
        resource "aws_cloudtrail" "t" { name = "trail" }

    Good:
        resource "aws_cloudtrail" "t" {
          name                       = "trail"
          enable_log_file_validation = true
        }
    """

    code = "TF122"
    name = "cloudtrail-no-log-validation"
    message = "CloudTrail log file validation is not enabled"
    tags = ("security", "aws", "logging")
    aliases = ("checkov:CKV_AWS_36", "trivy:AVD-AWS-0016")
    resource_types = ("aws_cloudtrail",)
    attribute = "enable_log_file_validation"
