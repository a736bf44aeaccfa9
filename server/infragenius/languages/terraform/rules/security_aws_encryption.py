"""AWS encryption at rest and key rotation: S3 buckets, EBS and instance volumes, RDS, EFS, DynamoDB, SNS,
SQS, KMS keys. Unknown values (variables without defaults, resource attributes) never report."""

from __future__ import annotations

from collections.abc import Iterator

from ....core.findings import Finding, Severity
from ..hcl import Block
from ..model import TerraformModel
from ..values import MISSING, UNKNOWN, Evaluator
from ._base import MustBeSet, MustBeTrue, ResourceRule, is_false, is_true
from ._links import bucket_companions, uses_launch_template

_SSE = "rule.apply_server_side_encryption_by_default.sse_algorithm"
_KMS = ("aws:kms", "aws:kms:dsse")


class S3NotKmsEncrypted(ResourceRule):
    """S3 bucket whose default encryption does not use a KMS key.

    S3 encrypts new objects with SSE-S3 (AES256) by default since January 2023; a KMS key adds key
    policies, rotation control and an audit trail of every decryption.

    Bad:
        resource "aws_s3_bucket" "b" { bucket = "data" }

    Good:
        resource "aws_s3_bucket" "b" { bucket = "data" }
        resource "aws_s3_bucket_server_side_encryption_configuration" "b" {
          bucket = aws_s3_bucket.b.id
          rule {
            apply_server_side_encryption_by_default { sse_algorithm = "aws:kms" }
          }
        }
    """

    code = "TF103"
    name = "s3-not-kms-encrypted"
    message = "S3 bucket is not encrypted with a KMS key by default"
    severity = Severity.INFORMATION
    tags = ("security", "aws", "encryption")
    aliases = ("checkov:CKV_AWS_145", "trivy:AVD-AWS-0132")
    resource_types = ("aws_s3_bucket",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        if not model.module.complete:
            return
        if any(b.type == "dynamic" for b in block.blocks):
            return
        inline, attr = ev.attr(block, "server_side_encryption_configuration." + _SSE)
        if inline in _KMS or inline is UNKNOWN:
            return
        if inline is not MISSING and attr is not None:
            yield self.finding(attr.range, f"S3 bucket default encryption is `{inline}`, not a KMS key")
            return
        companions = bucket_companions(block, model.module, ("aws_s3_bucket_server_side_encryption_configuration",), ev)
        if companions is None:
            return
        for other in companions:
            if any(b.type == "dynamic" for b in other.blocks):
                return
            value, _ = ev.attr(other, _SSE)
            if value in _KMS or value is UNKNOWN:
                return
        yield self.finding(block.header_range)


def ebs_encrypted_by_default(model: TerraformModel, ev: Evaluator) -> bool:
    """The module turns on account-level EBS encryption by default (new volumes are encrypted)."""
    for block in model.module.resources_of("aws_ebs_encryption_by_default"):
        value, _ = ev.attr(block, "enabled")
        if value is MISSING or is_true(value):
            return True
    return False


class EbsVolumeUnencrypted(MustBeTrue):
    """EBS volume without ``encrypted = true``.

    Bad:
        resource "aws_ebs_volume" "v" {
          availability_zone = "eu-west-1a"
          size              = 40
        }

    Good:
        resource "aws_ebs_volume" "v" {
          availability_zone = "eu-west-1a"
          size              = 40
          encrypted         = true
        }
    """

    code = "TF106"
    name = "ebs-volume-unencrypted"
    message = "EBS volume is not encrypted"
    tags = ("security", "aws", "encryption")
    aliases = ("checkov:CKV_AWS_3", "trivy:AVD-AWS-0026")
    resource_types = ("aws_ebs_volume",)
    attribute = "encrypted"

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        if block.attr("snapshot_id") is None and not ebs_encrypted_by_default(model, ev):
            yield from super().check_block(block, ev, model)


class InstanceBlockDeviceUnencrypted(ResourceRule):
    """EC2 instance or launch configuration whose root or EBS block device is not encrypted.

    Bad:
        resource "aws_instance" "web" {
          ami           = "ami-123"
          instance_type = "t3.micro"
          root_block_device { volume_size = 20 }
        }

    Good:
        resource "aws_instance" "web" {
          ami           = "ami-123"
          instance_type = "t3.micro"
          root_block_device { encrypted = true }
        }
    """

    code = "TF107"
    name = "instance-block-device-unencrypted"
    message = "Block device is not encrypted"
    severity = Severity.WARNING
    tags = ("security", "aws", "encryption")
    aliases = ("checkov:CKV_AWS_8", "trivy:AVD-AWS-0131")
    resource_types = ("aws_instance", "aws_launch_configuration")

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        if any(
            b.type == "dynamic" and b.labels[:1] in (["root_block_device"], ["ebs_block_device"]) for b in block.blocks
        ):
            return
        if ebs_encrypted_by_default(model, ev):
            return
        devices = block.children("root_block_device") + block.children("ebs_block_device")
        if not block.children("root_block_device") and not uses_launch_template(block):
            yield self.finding(
                block.header_range,
                "Root block device is not encrypted (no `root_block_device` with `encrypted = true`)",
            )
        for device in devices:
            value, attr = ev.attr(device, "encrypted")
            if device.attr("snapshot_id") is not None and value is MISSING:
                continue  # encryption follows the snapshot
            if value is MISSING:
                yield self.finding(device.header_range, f"`{device.type}` is not encrypted (`encrypted` is not set)")
            elif is_false(value) and attr is not None:
                yield self.finding(attr.range, f"`{device.type}` is not encrypted")


def _restored(block: Block) -> bool:
    """The database is restored to a point in time (written or built by ``dynamic``): it is
    encrypted like its source, which this module may not show."""
    return block.child("restore_to_point_in_time") is not None or any(
        b.type == "dynamic" and b.labels[:1] == ["restore_to_point_in_time"] for b in block.blocks
    )


class RdsUnencrypted(MustBeTrue):
    """RDS instance without ``storage_encrypted = true``.

    Read replicas and instances restored from a snapshot or to a point in time are encrypted like
    their source, so they are not reported.

    Bad:
        resource "aws_db_instance" "db" {
          engine         = "postgres"
          instance_class = "db.t3.micro"
        }

    Good:
        resource "aws_db_instance" "db" {
          engine            = "postgres"
          instance_class    = "db.t3.micro"
          storage_encrypted = true
        }
    """

    code = "TF108"
    name = "rds-unencrypted"
    message = "RDS storage is not encrypted"
    tags = ("security", "aws", "encryption")
    aliases = ("checkov:CKV_AWS_16", "trivy:AVD-AWS-0080")
    resource_types = ("aws_db_instance",)
    attribute = "storage_encrypted"

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        # A read replica, or an instance restored from a snapshot or a point in time, inherits
        # encryption from its source.
        if block.attr("replicate_source_db") is not None or block.attr("snapshot_identifier") is not None:
            return
        if _restored(block):
            return
        yield from super().check_block(block, ev, model)


class RdsClusterUnencrypted(MustBeTrue):
    """Aurora/RDS cluster without ``storage_encrypted = true``.

    Replica clusters and clusters restored from a snapshot or to a point in time are encrypted like
    their source, so they are not reported.

    Bad:
        resource "aws_rds_cluster" "c" { engine = "aurora-postgresql" }

    Good:
        resource "aws_rds_cluster" "c" {
          engine            = "aurora-postgresql"
          storage_encrypted = true
        }
    """

    code = "TF109"
    name = "rds-cluster-unencrypted"
    message = "RDS cluster storage is not encrypted"
    tags = ("security", "aws", "encryption")
    aliases = ("checkov:CKV_AWS_96", "trivy:AVD-AWS-0079")
    resource_types = ("aws_rds_cluster",)
    attribute = "storage_encrypted"

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        if block.attr("replication_source_identifier") is not None or block.attr("snapshot_identifier") is not None:
            return
        if _restored(block):
            return
        engine_mode, _ = ev.attr(block, "engine_mode")
        if engine_mode == "serverless":
            return  # serverless v1 clusters are always encrypted
        yield from super().check_block(block, ev, model)


class EfsUnencrypted(MustBeTrue):
    """EFS file system without ``encrypted = true``.

    Bad:
        resource "aws_efs_file_system" "fs" { creation_token = "x" }

    Good:
        resource "aws_efs_file_system" "fs" {
          creation_token = "x"
          encrypted      = true
        }
    """

    code = "TF111"
    name = "efs-unencrypted"
    message = "EFS file system is not encrypted"
    tags = ("security", "aws", "encryption")
    aliases = ("checkov:CKV_AWS_42", "trivy:AVD-AWS-0037")
    resource_types = ("aws_efs_file_system",)
    attribute = "encrypted"


class DynamoDbNoCmk(ResourceRule):
    """DynamoDB table encrypted with the AWS owned key instead of a customer managed KMS key.

    Bad:
        resource "aws_dynamodb_table" "t" { name = "t" }

    Good:
        resource "aws_dynamodb_table" "t" {
          name = "t"
          server_side_encryption {
            enabled     = true
            kms_key_arn = aws_kms_key.k.arn
          }
        }
    """

    code = "TF112"
    name = "dynamodb-no-cmk"
    message = "DynamoDB table is not encrypted with a customer managed key"
    severity = Severity.INFORMATION
    tags = ("security", "aws", "encryption")
    aliases = ("checkov:CKV_AWS_119", "trivy:AVD-AWS-0025")
    resource_types = ("aws_dynamodb_table",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        yield from self.expect(block, ev, "server_side_encryption.enabled", is_false, missing_is_bad=True)


class SnsUnencrypted(MustBeSet):
    """SNS topic without ``kms_master_key_id``: messages are stored unencrypted.

    Bad:
        resource "aws_sns_topic" "t" { name = "events" }

    Good:
        resource "aws_sns_topic" "t" {
          name              = "events"
          kms_master_key_id = "alias/aws/sns"
        }
    """

    code = "TF114"
    name = "sns-unencrypted"
    message = "SNS topic is not encrypted"
    tags = ("security", "aws", "encryption")
    aliases = ("checkov:CKV_AWS_26", "trivy:AVD-AWS-0095")
    resource_types = ("aws_sns_topic",)
    attribute = "kms_master_key_id"


class SqsUnencrypted(ResourceRule):
    """SQS queue with server-side encryption turned off.

    Reported when ``sqs_managed_sse_enabled = false`` and no ``kms_master_key_id`` is set. (A queue
    with neither attribute gets SSE-SQS by default since 2022, so that is not reported.)

    Bad:
        resource "aws_sqs_queue" "q" {
          name                    = "jobs"
          sqs_managed_sse_enabled = false
        }

    Good:
        resource "aws_sqs_queue" "q" {
          name                    = "jobs"
          sqs_managed_sse_enabled = true
        }
    """

    code = "TF115"
    name = "sqs-unencrypted"
    message = "SQS queue is not encrypted"
    severity = Severity.WARNING
    tags = ("security", "aws", "encryption")
    aliases = ("checkov:CKV_AWS_27", "trivy:AVD-AWS-0096")
    resource_types = ("aws_sqs_queue",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        kms, _ = ev.attr(block, "kms_master_key_id")
        if kms is not MISSING and kms not in ("", None):
            return
        yield from self.expect(
            block,
            ev,
            "sqs_managed_sse_enabled",
            is_false,
            missing_is_bad=False,
            message="SQS queue is not encrypted (`sqs_managed_sse_enabled` is false and no KMS key)",
        )


class KmsRotationOff(ResourceRule):
    """Symmetric KMS key without automatic rotation (``enable_key_rotation``).

    Bad:
        resource "aws_kms_key" "k" { description = "data" }

    Good:
        resource "aws_kms_key" "k" {
          description         = "data"
          enable_key_rotation = true
        }
    """

    code = "TF119"
    name = "kms-rotation-off"
    message = "KMS key rotation is not enabled"
    severity = Severity.WARNING
    tags = ("security", "aws", "encryption")
    aliases = ("checkov:CKV_AWS_7", "trivy:AVD-AWS-0065")
    resource_types = ("aws_kms_key",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        spec, _ = ev.attr(block, "customer_master_key_spec")
        if spec is UNKNOWN or (isinstance(spec, str) and spec != "SYMMETRIC_DEFAULT"):
            return  # rotation is only possible for symmetric keys
        usage, _ = ev.attr(block, "key_usage")
        if usage not in (MISSING, "ENCRYPT_DECRYPT"):
            return
        yield from self.expect(block, ev, "enable_key_rotation", is_false, missing_is_bad=True)
