resource "aws_s3_bucket" "data" {
  bucket = "data"
}

resource "aws_s3_bucket" "named" {
  bucket = "named-bucket"
}
