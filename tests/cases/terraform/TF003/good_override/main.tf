# Override files merge into the declarations of the other files: not duplicates (Terraform docs,
# "Override Files"; seen in modules that ship an override.tf for local development).
variable "name" {
  type        = string
  description = "Name"
}

resource "aws_s3_bucket" "b" {
  bucket = var.name
}
