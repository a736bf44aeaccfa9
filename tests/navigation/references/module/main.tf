locals {
  name   = "app-${var.region}"
  prefix = local.name
}

module "net" {
  source = "./net"
  region = var.region
}

data "aws_caller_identity" "me" {}

resource "aws_s3_bucket" "logs" {
  bucket = local.name
  tags   = { owner = data.aws_caller_identity.me.account_id, vpc = module.net.vpc_id }
}

output "missing" {
  value = var.nope
}
