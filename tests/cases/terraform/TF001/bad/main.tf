variable "name" {
  type = string
}

locals {
  tags = { Name = var.name }
}

resource "aws_s3_bucket" "data" {
  bucket = var.bucket_name
  tags   = local.tgas
}

output "arn" {
  value = aws_s3_bucket.logs.arn
}

output "policy" {
  value = data.aws_iam_policy_document.missing.json
}

output "vpc" {
  value = module.network.vpc_id
}
