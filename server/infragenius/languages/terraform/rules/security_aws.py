"""AWS security checks (checkov / trivy ground): public exposure, encryption at rest, network,
IAM, logging. Unknown values (variables without defaults, resource attributes) never report."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ....core.findings import Finding, Severity
from ..hcl import Attribute, Block
from ..model import TerraformModel
from ..values import MISSING, UNKNOWN, Evaluator, known
from ._base import ResourceRule, is_false, is_true
from ._links import bucket_companions, referenced_block

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


class _MustBeTrue(ResourceRule):
    """Shared logic: ``attribute`` must be true; false, or missing when ``missing_is_bad``, reports."""

    attribute: str = ""
    missing_is_bad: bool = True
    check_id: str = ""

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        yield from self.expect(
            block,
            ev,
            self.attribute,
            lambda v: is_false(v),
            missing_is_bad=self.missing_is_bad,
            message=f"{self.message} (`{self.attribute}` is false)",
        )


class _MustBeSet(ResourceRule):
    """Shared logic: ``attribute`` must be set to a non-empty value."""

    attribute: str = ""

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        yield from self.expect(
            block,
            ev,
            self.attribute,
            lambda v: v in ("", None),
            missing_is_bad=True,
            message=f"{self.message} (`{self.attribute}` is empty)",
        )


def ebs_encrypted_by_default(model: TerraformModel, ev: Evaluator) -> bool:
    """The module turns on account-level EBS encryption by default (new volumes are encrypted)."""
    for block in model.module.resources_of("aws_ebs_encryption_by_default"):
        value, _ = ev.attr(block, "enabled")
        if value is MISSING or is_true(value):
            return True
    return False


class EbsVolumeUnencrypted(_MustBeTrue):
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


def uses_launch_template(block: Block) -> bool:
    """An ``aws_instance`` started from a launch template takes what it does not set (root volume,
    metadata options) from the template, which may live anywhere: unknown here."""
    return any(
        b.type == "launch_template" or (b.type == "dynamic" and b.labels[:1] == ["launch_template"])
        for b in block.blocks
    )


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


class RdsUnencrypted(_MustBeTrue):
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


class RdsClusterUnencrypted(_MustBeTrue):
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


class EfsUnencrypted(_MustBeTrue):
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


class SnsUnencrypted(_MustBeSet):
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


# -- security groups ---------------------------------------------------------------------------

_OPEN = ("0.0.0.0/0", "::/0")


def _ingress_rules(block: Block, ev: Evaluator) -> Iterator[tuple[Block, Any, Any, Any, list]]:
    """(rule block, protocol, from, to, [(cidr attribute, open cidr)]) for each ingress rule."""
    rtype = block.labels[0]
    if rtype == "aws_security_group":
        candidates = block.children("ingress")
    elif rtype == "aws_security_group_rule":
        if ev.attr(block, "type")[0] != "ingress":
            return
        candidates = [block]
    else:  # aws_vpc_security_group_ingress_rule
        candidates = [block]
    for rule in candidates:
        protocol = ev.attr(rule, "ip_protocol" if rtype == "aws_vpc_security_group_ingress_rule" else "protocol")[0]
        lo, hi = ev.attr(rule, "from_port")[0], ev.attr(rule, "to_port")[0]
        opened = []
        for name in ("cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"):
            value, attr = ev.attr(rule, name)
            values = value if isinstance(value, list) else [value]
            for cidr in values:
                if cidr in _OPEN and attr is not None:
                    opened.append((attr, cidr))
                    break
        if opened:
            yield rule, protocol, lo, hi, opened


def _all_protocols(protocol: Any) -> bool:
    return str(protocol).lower() in ("-1", "all")


# The transports each admin service listens on: SSH is TCP only, RDP also uses UDP 3389.
TCP = ("tcp", "6")
TCP_UDP = ("tcp", "6", "udp", "17")


def _covers(protocol: Any, lo: Any, hi: Any, port: int, protocols: tuple[str, ...] = TCP_UDP) -> bool | None:
    if _all_protocols(protocol):
        return True
    if not isinstance(protocol, (str, int)) or str(protocol).lower() not in protocols:
        return None if not known(protocol) else False
    if isinstance(lo, str) and lo.isdigit():
        lo = int(lo)
    if isinstance(hi, str) and hi.isdigit():
        hi = int(hi)
    if not isinstance(lo, int) or not isinstance(hi, int):
        return None
    return lo <= port <= hi


class _OpenPort(ResourceRule):
    port: int = 0
    protocols: tuple[str, ...] = TCP_UDP
    resource_types = ("aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule")
    severity = Severity.ERROR

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        for rule, protocol, lo, hi, opened in _ingress_rules(block, ev):
            if _all_protocols(protocol):
                continue  # reported once by TF118
            if _covers(protocol, lo, hi, self.port, self.protocols):
                for attr, cidr in opened:
                    yield self.finding(attr.range, f"Port {self.port} is open to {cidr}")


class SecurityGroupOpenSsh(_OpenPort):
    """Security group ingress open to the whole internet on SSH (22).

    Bad:
        ingress {
          from_port   = 22
          to_port     = 22
          protocol    = "tcp"
          cidr_blocks = ["0.0.0.0/0"]
        }

    Good:
        ingress {
          from_port   = 22
          to_port     = 22
          protocol    = "tcp"
          cidr_blocks = ["10.0.0.0/8"]
        }
    """

    code = "TF116"
    name = "security-group-open-ssh"
    message = "SSH port open to the internet"
    tags = ("security", "aws", "network")
    aliases = ("checkov:CKV_AWS_24", "trivy:AVD-AWS-0107")
    port = 22
    protocols = TCP  # 22/udp is not SSH


class SecurityGroupOpenRdp(_OpenPort):
    """Security group ingress open to the whole internet on RDP (3389).

    Bad:
        ingress {
          from_port   = 3389
          to_port     = 3389
          protocol    = "tcp"
          cidr_blocks = ["0.0.0.0/0"]
        }

    Good:
        ingress {
          from_port   = 3389
          to_port     = 3389
          protocol    = "tcp"
          cidr_blocks = ["10.0.0.0/8"]
        }
    """

    code = "TF117"
    name = "security-group-open-rdp"
    message = "RDP port open to the internet"
    tags = ("security", "aws", "network")
    aliases = ("checkov:CKV_AWS_25", "trivy:AVD-AWS-0107")
    port = 3389


class SecurityGroupOpenAll(ResourceRule):
    """Security group ingress open to the whole internet on all protocols and ports (``protocol = "-1"``).

    Bad:
        ingress {
          from_port   = 0
          to_port     = 0
          protocol    = "-1"
          cidr_blocks = ["0.0.0.0/0"]
        }

    Good:
        ingress {
          from_port   = 443
          to_port     = 443
          protocol    = "tcp"
          cidr_blocks = ["0.0.0.0/0"]
        }
    """

    code = "TF118"
    name = "security-group-open-all"
    message = "All ports open to the internet"
    severity = Severity.ERROR
    tags = ("security", "aws", "network")
    aliases = ("checkov:CKV_AWS_277", "trivy:AVD-AWS-0107")
    resource_types = ("aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule")

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        for rule, protocol, lo, hi, opened in _ingress_rules(block, ev):
            if _all_protocols(protocol):
                for attr, cidr in opened:
                    yield self.finding(attr.range, f"All ports are open to {cidr}")


# -- KMS, CloudTrail, EC2, load balancers -----------------------------------------------------------


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


class CloudTrailNotMultiRegion(_MustBeTrue):
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


class CloudTrailUnencrypted(_MustBeSet):
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


class CloudTrailNoLogValidation(_MustBeTrue):
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


def account_requires_imdsv2(model: TerraformModel, ev: Evaluator) -> bool:
    """The module sets the account's instance metadata defaults to IMDSv2, which every instance that
    does not choose otherwise gets at launch (unknown: may be "required", so say nothing)."""
    for block in model.module.resources_of("aws_ec2_instance_metadata_defaults"):
        value, _ = ev.attr(block, "http_tokens")
        if value == "required" or value is UNKNOWN:
            return True
    return False


_AL2023_AMI = "al2023-ami-"


def image_requires_imdsv2(block: Block, ev: Evaluator, model: TerraformModel) -> bool:
    """The instance's AMI is Amazon Linux 2023, registered with ImdsSupport v2.0: an instance
    launched from it requires IMDSv2 when ``metadata_options`` does not say otherwise. Known from
    the data source that names it: an SSM parameter ``.../al2023-ami-...`` or an ``aws_ami`` whose
    name filter only matches ``al2023-ami-*``."""
    source = referenced_block(block, "ami" if block.labels[0] == "aws_instance" else "image_id", model)
    if source is None or source.type != "data":
        return False
    kind = source.labels[0]
    if kind == "aws_ssm_parameter":
        path, _ = ev.attr(source, "name")
        return isinstance(path, str) and _AL2023_AMI in path.rsplit("/", 1)[-1]
    if kind == "aws_ami":
        patterns = [ev.attr(f, "values")[0] for f in source.children("filter") if ev.attr(f, "name")[0] == "name"]
        return bool(patterns) and all(
            isinstance(values, list)
            and values
            and all(isinstance(v, str) and v.startswith(_AL2023_AMI) for v in values)
            for values in patterns
        )
    return False


class Imdsv1Enabled(ResourceRule):
    """Instance metadata service v1 allowed (``metadata_options { http_tokens = "required" }`` missing).

    IMDSv1 answers any request from the instance, which turns SSRF bugs into credential theft.
    Not reported when the settings come from elsewhere: a launch template, the account's metadata
    defaults, or an Amazon Linux 2023 AMI (IMDSv2 only unless told otherwise).

    Bad:
        resource "aws_instance" "web" {
          ami           = "ami-123"
          instance_type = "t3.micro"
        }

    Good:
        resource "aws_instance" "web" {
          ami           = "ami-123"
          instance_type = "t3.micro"
          metadata_options { http_tokens = "required" }
        }
    """

    code = "TF123"
    name = "imdsv1-enabled"
    message = "Instance metadata service v1 is enabled"
    severity = Severity.WARNING
    tags = ("security", "aws")
    aliases = ("checkov:CKV_AWS_79", "trivy:AVD-AWS-0028")
    resource_types = ("aws_instance", "aws_launch_template", "aws_launch_configuration")

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        endpoint, _ = ev.attr(block, "metadata_options.http_endpoint")
        if endpoint == "disabled" or endpoint is UNKNOWN:
            return
        yield from self.expect(
            block,
            ev,
            "metadata_options.http_tokens",
            lambda v: v != "required",
            missing_is_bad=not (
                uses_launch_template(block)
                or account_requires_imdsv2(model, ev)
                or image_requires_imdsv2(block, ev, model)
            ),
            message='Instance metadata service v1 is enabled (`http_tokens` is not "required")',
        )


class LbHttpListener(ResourceRule):
    """Load balancer listener on plain HTTP that does not redirect to HTTPS.

    A listener without ``protocol`` on an application load balancer (``load_balancer_type`` not
    written, or ``"application"``) is plain HTTP too: the provider sends HTTP for it.

    Bad:
        resource "aws_lb_listener" "web" {
          port     = 80
          protocol = "HTTP"
          default_action {
            type             = "forward"
            target_group_arn = aws_lb_target_group.web.arn
          }
        }

    Good:
        resource "aws_lb_listener" "web" {
          port     = 80
          protocol = "HTTP"
          default_action {
            type = "redirect"
            redirect {
              port        = "443"
              protocol    = "HTTPS"
              status_code = "HTTP_301"
            }
          }
        }
    """

    code = "TF124"
    name = "lb-http-listener"
    message = "Load balancer listener uses plain HTTP"
    severity = Severity.WARNING
    tags = ("security", "aws", "network")
    aliases = ("checkov:CKV_AWS_2", "trivy:AVD-AWS-0054")
    resource_types = ("aws_lb_listener", "aws_alb_listener")

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        protocol, attr = ev.attr(block, "protocol")
        if protocol is MISSING and _load_balancer_type(block, ev, model) == "application":
            if self._serves_http(block, ev):
                yield self.finding(block.header_range, _DEFAULT_HTTP)
            return
        if not isinstance(protocol, str) or protocol.upper() != "HTTP" or attr is None:
            return
        if self._serves_http(block, ev):
            yield self.finding(attr.range, "Load balancer listener uses plain HTTP without redirecting to HTTPS")

    @staticmethod
    def _serves_http(block: Block, ev: Evaluator) -> bool:
        """An HTTP listener's default actions serve content instead of redirecting to HTTPS."""
        if any(b.type == "dynamic" for b in block.blocks):
            return False
        for action in block.children("default_action"):
            kind, _ = ev.attr(action, "type")
            if kind == "redirect":
                target, _ = ev.attr(action, "redirect.protocol")
                if target != "HTTP":
                    return False
            elif kind is UNKNOWN:
                return False
            elif kind == "fixed-response":
                return False  # nothing is served over HTTP
        return True


_DEFAULT_HTTP = (
    "Load balancer listener has no `protocol`: it defaults to plain HTTP on an application load balancer, "
    "without redirecting to HTTPS"
)


def _load_balancer_type(listener: Block, ev: Evaluator, model: TerraformModel) -> str | None:
    """``load_balancer_type`` of the ``aws_lb`` this listener's ``load_balancer_arn`` names
    (``application`` when not written); None when it is not one known load balancer of the module."""
    lb = referenced_block(listener, "load_balancer_arn", model)
    if lb is None or lb.type != "resource" or lb.labels[0] not in ("aws_lb", "aws_alb"):
        return None
    kind, _ = ev.attr(lb, "load_balancer_type")
    if kind is MISSING:
        return "application"
    return kind if isinstance(kind, str) else None
