resource "aws_s3_bucket" "data" {
  bucket = "data"
}

resource "aws_s3_bucket_logging" "data" {
  bucket        = aws_s3_bucket.data.id
  target_bucket = "logs"
  target_prefix = "data/"
}

resource "aws_s3_bucket" "inline" {
  bucket = "inline"
  logging {
    target_bucket = "logs"
  }
}
