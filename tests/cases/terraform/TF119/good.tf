resource "aws_kms_key" "on" {
  description         = "data"
  enable_key_rotation = true
}

resource "aws_kms_key" "asymmetric" {
  description              = "signing"
  key_usage                = "SIGN_VERIFY"
  customer_master_key_spec = "RSA_2048"
}
