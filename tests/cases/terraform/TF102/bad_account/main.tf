# An account-wide block that leaves bucket policies allowed (settings default to false) covers nothing.
resource "aws_s3_account_public_access_block" "this" {
  block_public_acls  = true
  ignore_public_acls = true
}

resource "aws_s3_bucket" "data" {
  bucket = "data"
}
