variable "used" {
  type = string
}

variable "unused" {
  type = string
}

locals {
  kept    = var.used
  dropped = "x"
}

data "aws_region" "current" {}

output "kept" {
  value = local.kept
}
