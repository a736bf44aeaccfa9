locals {
  full = "${var.name}-${data.aws_region.current.name}"
}

output "full" {
  value = local.full
}
