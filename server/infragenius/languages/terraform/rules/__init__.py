"""Terraform rules: correctness (TF001-TF099) and security (TF100-TF199)."""

from . import (  # noqa: F401
    declarations,
    references,
    secrets,
    security_aws_encryption,
    security_aws_logging,
    security_aws_network,
    security_aws_services,
    security_azure_gcp,
    security_exposure,
    security_iam,
    style,
)
