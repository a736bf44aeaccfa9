variable "region" {
  type = string
}

variable "web_1" {
  type = string
}

variable "web_2" {
  type = string
}

locals {
  tags = { Region = var.regoin }
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs-${var.web_3}"
  tags   = local.tgas
}

data "aws_iam_policy_document" "read" {}

module "network" {
  source = "./modules/network"
}

output "arn" {
  value = aws_s3_bucket.lgos.arn
}

output "arn_type" {
  value = aws_s3_buckt.logs.arn
}

output "policy" {
  value = data.aws_iam_policy_document.raed.json
}

output "vpc" {
  value = module.netwrok.vpc_id
}

output "subnet" {
  value = module.network.subnet_idd
}
