"""AWS managed services: EKS, ECR, Redshift, OpenSearch/Elasticsearch, Neptune, DocumentDB,
ElastiCache, Kinesis, CloudWatch Logs."""

from __future__ import annotations

from collections.abc import Iterator

from ....core.findings import Finding, Severity
from ..hcl import Block
from ..model import TerraformModel
from ..values import MISSING, Evaluator
from ._base import MustBeSet, MustBeTrue, ResourceRule, is_false, is_true


class EksPublicEndpoint(ResourceRule):
    """EKS cluster API endpoint reachable from the internet (``endpoint_public_access`` defaults to true).

    Bad:
        resource "aws_eks_cluster" "c" {
          vpc_config { subnet_ids = var.subnets }
        }

    Good:
        resource "aws_eks_cluster" "c" {
          vpc_config {
            subnet_ids             = var.subnets
            endpoint_public_access = false
          }
        }
    """

    code = "TF129"
    name = "eks-public-endpoint"
    message = "EKS cluster endpoint is publicly accessible"
    severity = Severity.WARNING
    tags = ("security", "aws", "network")
    aliases = ("checkov:CKV_AWS_39", "trivy:AVD-AWS-0040")
    resource_types = ("aws_eks_cluster",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        yield from self.expect(
            block, ev, "vpc_config.endpoint_public_access", lambda v: is_true(v), missing_is_bad=True
        )


class EksSecretsUnencrypted(ResourceRule):
    """EKS cluster without envelope encryption of Kubernetes secrets (``encryption_config``).

    Bad:
        resource "aws_eks_cluster" "c" { name = "c" }

    Good:
        resource "aws_eks_cluster" "c" {
          name = "c"
          encryption_config {
            resources = ["secrets"]
            provider { key_arn = aws_kms_key.eks.arn }
          }
        }
    """

    code = "TF130"
    name = "eks-secrets-unencrypted"
    message = "EKS secrets are not encrypted with KMS"
    severity = Severity.WARNING
    tags = ("security", "aws", "encryption")
    aliases = ("checkov:CKV_AWS_58", "trivy:AVD-AWS-0039")
    resource_types = ("aws_eks_cluster",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        if (
            block.child("encryption_config") is None
            and block.attr("encryption_config") is None
            and not any(b.type == "dynamic" and b.labels[:1] == ["encryption_config"] for b in block.blocks)
        ):
            yield self.finding(block.header_range, "EKS secrets are not encrypted with KMS (no `encryption_config`)")


class EcrMutableTags(ResourceRule):
    """ECR repository with mutable image tags: a tag can be silently re-pointed to another image.

    Bad:
        resource "aws_ecr_repository" "r" { name = "app" }

    Good:
        resource "aws_ecr_repository" "r" {
          name                 = "app"
          image_tag_mutability = "IMMUTABLE"
        }
    """

    code = "TF131"
    name = "ecr-mutable-tags"
    message = "ECR image tags are mutable"
    severity = Severity.INFORMATION
    tags = ("security", "aws")
    aliases = ("checkov:CKV_AWS_51", "trivy:AVD-AWS-0031")
    resource_types = ("aws_ecr_repository",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        yield from self.expect(block, ev, "image_tag_mutability", lambda v: v == "MUTABLE", missing_is_bad=True)


class EcrNoScanOnPush(ResourceRule):
    """ECR repository without image scanning on push.

    Bad:
        resource "aws_ecr_repository" "r" { name = "app" }

    Good:
        resource "aws_ecr_repository" "r" {
          name = "app"
          image_scanning_configuration { scan_on_push = true }
        }
    """

    code = "TF132"
    name = "ecr-no-scan-on-push"
    message = "ECR image scanning on push is not enabled"
    severity = Severity.INFORMATION
    tags = ("security", "aws")
    aliases = ("checkov:CKV_AWS_163", "trivy:AVD-AWS-0030")
    resource_types = ("aws_ecr_repository",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        yield from self.expect(block, ev, "image_scanning_configuration.scan_on_push", is_false, missing_is_bad=True)


class RedshiftUnencrypted(MustBeTrue):
    """Redshift cluster without ``encrypted = true``.

    Bad:
        resource "aws_redshift_cluster" "r" { cluster_identifier = "r" }

    Good:
        resource "aws_redshift_cluster" "r" {
          cluster_identifier = "r"
          encrypted          = true
        }
    """

    code = "TF133"
    name = "redshift-unencrypted"
    message = "Redshift cluster is not encrypted"
    tags = ("security", "aws", "encryption")
    aliases = ("checkov:CKV_AWS_64", "trivy:AVD-AWS-0084")
    resource_types = ("aws_redshift_cluster",)
    attribute = "encrypted"


class RedshiftPublic(ResourceRule):
    """Redshift cluster with ``publicly_accessible = true``.

    Bad:
        resource "aws_redshift_cluster" "r" { publicly_accessible = true }

    Good:
        resource "aws_redshift_cluster" "r" { publicly_accessible = false }
    """

    code = "TF134"
    name = "redshift-public"
    message = "Redshift cluster is publicly accessible"
    severity = Severity.ERROR
    tags = ("security", "aws", "network")
    aliases = ("checkov:CKV_AWS_87",)
    resource_types = ("aws_redshift_cluster",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        yield from self.expect(block, ev, "publicly_accessible", is_true, missing_is_bad=False)


class SearchDomainUnencrypted(ResourceRule):
    """Elasticsearch/OpenSearch domain without encryption at rest.

    Bad:
        resource "aws_elasticsearch_domain" "es" { domain_name = "logs" }

    Good:
        resource "aws_elasticsearch_domain" "es" {
          domain_name = "logs"
          encrypt_at_rest { enabled = true }
        }
    """

    code = "TF135"
    name = "search-domain-unencrypted"
    message = "Search domain is not encrypted at rest"
    severity = Severity.WARNING
    tags = ("security", "aws", "encryption")
    aliases = ("checkov:CKV_AWS_5", "trivy:AVD-AWS-0048")
    resource_types = ("aws_elasticsearch_domain", "aws_opensearch_domain")

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        yield from self.expect(block, ev, "encrypt_at_rest.enabled", is_false, missing_is_bad=True)


class SearchDomainNoNodeToNode(ResourceRule):
    """Elasticsearch/OpenSearch domain with several nodes and no node-to-node encryption.

    Bad:
        resource "aws_elasticsearch_domain" "es" {
          cluster_config { instance_count = 3 }
        }

    Good:
        resource "aws_elasticsearch_domain" "es" {
          cluster_config { instance_count = 3 }
          node_to_node_encryption { enabled = true }
        }
    """

    code = "TF136"
    name = "search-domain-no-node-to-node-encryption"
    message = "Search domain has no node-to-node encryption"
    severity = Severity.WARNING
    tags = ("security", "aws", "encryption")
    aliases = ("checkov:CKV_AWS_6", "trivy:AVD-AWS-0043")
    resource_types = ("aws_elasticsearch_domain", "aws_opensearch_domain")

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        count, _ = ev.attr(block, "cluster_config.instance_count")
        if count is MISSING or (isinstance(count, int) and count <= 1) or not isinstance(count, int):
            return  # a single node has no node-to-node traffic (unknown count: say nothing)
        yield from self.expect(block, ev, "node_to_node_encryption.enabled", is_false, missing_is_bad=True)


class NeptuneUnencrypted(MustBeTrue):
    """Neptune cluster without ``storage_encrypted = true``.

    Bad:
        resource "aws_neptune_cluster" "n" { cluster_identifier = "n" }

    Good:
        resource "aws_neptune_cluster" "n" {
          cluster_identifier = "n"
          storage_encrypted  = true
        }
    """

    code = "TF137"
    name = "neptune-unencrypted"
    message = "Neptune storage is not encrypted"
    tags = ("security", "aws", "encryption")
    aliases = ("checkov:CKV_AWS_44", "trivy:AVD-AWS-0076")
    resource_types = ("aws_neptune_cluster",)
    attribute = "storage_encrypted"


class DocDbUnencrypted(MustBeTrue):
    """DocumentDB cluster without ``storage_encrypted = true`` (the default is unencrypted).

    Bad:
        resource "aws_docdb_cluster" "d" { cluster_identifier = "d" }

    Good:
        resource "aws_docdb_cluster" "d" {
          cluster_identifier = "d"
          storage_encrypted  = true
        }
    """

    code = "TF138"
    name = "docdb-unencrypted"
    message = "DocumentDB storage is not encrypted"
    tags = ("security", "aws", "encryption")
    aliases = ("checkov:CKV_AWS_74", "trivy:AVD-AWS-0021")
    resource_types = ("aws_docdb_cluster",)
    attribute = "storage_encrypted"


class ElastiCacheUnencrypted(ResourceRule):
    """ElastiCache replication group without encryption at rest or in transit.

    At-rest encryption left out is on for the ``valkey`` engine and off for ``redis`` (the default
    engine), so a missing ``at_rest_encryption_enabled`` is reported only for Redis.

    Bad:
        resource "aws_elasticache_replication_group" "r" { replication_group_id = "r" }

    Good:
        resource "aws_elasticache_replication_group" "r" {
          replication_group_id       = "r"
          at_rest_encryption_enabled = true
          transit_encryption_enabled = true
        }
    """

    code = "TF139"
    name = "elasticache-unencrypted"
    message = "ElastiCache replication group is not encrypted"
    severity = Severity.WARNING
    tags = ("security", "aws", "encryption")
    aliases = ("checkov:CKV_AWS_29", "checkov:CKV_AWS_30", "trivy:AVD-AWS-0045", "trivy:AVD-AWS-0051")
    resource_types = ("aws_elasticache_replication_group",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        # Left out, at-rest encryption follows the engine: on for Valkey, off for Redis (the default
        # engine). An engine we cannot evaluate may be Valkey, so only a known Redis counts.
        engine, _ = ev.attr(block, "engine")
        at_rest_missing_is_bad = engine is MISSING or (isinstance(engine, str) and engine.lower() == "redis")
        for name, what, check, missing_is_bad in (
            ("at_rest_encryption_enabled", "at rest", "CKV_AWS_29", at_rest_missing_is_bad),
            ("transit_encryption_enabled", "in transit", "CKV_AWS_30", True),
        ):
            for f in self.expect(
                block,
                ev,
                name,
                is_false,
                missing_is_bad=missing_is_bad,
                message=f"ElastiCache replication group is not encrypted {what} (`{name}` is false)",
                missing_message=f"ElastiCache replication group is not encrypted {what} (`{name}` is not set)",
            ):
                yield f.with_(data={"check": check})


class KinesisUnencrypted(ResourceRule):
    """Kinesis stream without server-side encryption (``encryption_type = "KMS"``).

    Bad:
        resource "aws_kinesis_stream" "s" { name = "events" }

    Good:
        resource "aws_kinesis_stream" "s" {
          name            = "events"
          encryption_type = "KMS"
          kms_key_id      = "alias/aws/kinesis"
        }
    """

    code = "TF143"
    name = "kinesis-unencrypted"
    message = "Kinesis stream is not encrypted"
    severity = Severity.WARNING
    tags = ("security", "aws", "encryption")
    aliases = ("checkov:CKV_AWS_43", "trivy:AVD-AWS-0064")
    resource_types = ("aws_kinesis_stream",)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        yield from self.expect(block, ev, "encryption_type", lambda v: v != "KMS", missing_is_bad=True)


class LogGroupUnencrypted(MustBeSet):
    """CloudWatch log group not encrypted with a KMS key (``kms_key_id``).

    Bad:
        resource "aws_cloudwatch_log_group" "l" { name = "app" }

    Good:
        resource "aws_cloudwatch_log_group" "l" {
          name       = "app"
          kms_key_id = aws_kms_key.logs.arn
        }
    """

    code = "TF144"
    name = "log-group-unencrypted"
    message = "CloudWatch log group is not encrypted with KMS"
    severity = Severity.INFORMATION
    tags = ("security", "aws", "encryption")
    aliases = ("checkov:CKV_AWS_158", "trivy:AVD-AWS-0017")
    resource_types = ("aws_cloudwatch_log_group",)
    attribute = "kms_key_id"
