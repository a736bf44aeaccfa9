terraform {
  backend "remote" {
    organization = "acme"
    workspaces {
      name = "prod"
    }
  }
}

locals {
  env = terraform.workspace
}
