variable "block" {
  type = bool
}

resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = "b"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = var.block
  restrict_public_buckets = true
}
