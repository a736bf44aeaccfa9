resource "aws_s3_bucket" "none" {
  bucket = "none"
}

resource "aws_s3_bucket" "off" {
  bucket = "off"
  versioning {
    enabled = false
  }
}
