data "aws_caller_identity" "current" {}

output "account" {
  value = data.aws_caller_identity.current.account_id
}

output "text" {
  value = local.text
}

output "upper" {
  value = local.upper
}
