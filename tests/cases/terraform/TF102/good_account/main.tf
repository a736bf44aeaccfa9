# The account-wide public access block (all four settings on) covers every bucket of the account.
variable "restrict" {
  type = bool
}

resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = var.restrict
}

resource "aws_s3_bucket" "data" {
  bucket = "data"
}
