variable "acl_in" {
  type = string
}

resource "aws_s3_bucket_acl" "private" {
  bucket = "b"
  acl    = "private"
}

resource "aws_s3_bucket_acl" "unknown" {
  bucket = "b"
  acl    = var.acl_in
}
