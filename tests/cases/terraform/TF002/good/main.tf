variable "name" {
  type = string
  validation {
    condition     = length(var.name) > 0
    error_message = "Must not be empty."
  }
}

data "aws_region" "current" {}
