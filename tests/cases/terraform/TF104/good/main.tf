resource "aws_s3_bucket" "b" {
  bucket = "b"
}

resource "aws_s3_bucket_versioning" "b" {
  bucket = aws_s3_bucket.b.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "inline" {
  bucket = "inline"
  versioning {
    enabled = true
  }
}
