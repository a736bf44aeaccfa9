resource "aws_kms_key" "missing" {
  description = "data"
}

resource "aws_kms_key" "off" {
  description         = "data"
  enable_key_rotation = false
}
