variable "acl" {
  type    = string
  default = "public-read-write"
}

resource "aws_s3_bucket" "legacy" {
  bucket = "legacy"
  acl    = "public-read"
}

resource "aws_s3_bucket_acl" "b" {
  bucket = aws_s3_bucket.legacy.id
  acl    = var.acl
}
