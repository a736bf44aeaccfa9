terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region = var.region
}

provider "aws" {
  alias  = "east"
  region = "us-east-1"
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

locals {
  name = "app-${var.region}"
  tags = { team = "infra" }
}

resource "aws_s3_bucket" "b" {
  bucket = local.name
  versioning {
    enabled = true
  }
  lifecycle_rule {
    enabled = true
    expiration {
      days = 30
    }
  }
}

data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.b.arn}/*"]
  }
}

module "vpc" {
  source = "./modules/vpc"
}

output "bucket_arn" {
  value = aws_s3_bucket.b.arn
}
