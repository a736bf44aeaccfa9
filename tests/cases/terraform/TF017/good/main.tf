terraform {
  backend "s3" {
    bucket = "state"
    key    = "prod.tfstate"
  }
}

locals {
  env = terraform.workspace
}
