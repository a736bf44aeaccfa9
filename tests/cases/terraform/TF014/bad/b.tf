variable "name" {
  type = number
}

resource "aws_s3_bucket" "b" {
  bucket = "other"
}

locals {
  x = 1
}

locals {
  x = 2
}
