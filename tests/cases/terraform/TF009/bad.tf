module "vpc" {
  source = "git::https://example.com/vpc.git"
}

module "iam" {
  source = "github.com/acme/iam"
}

module "branch" {
  source = "git::https://example.com/net.git?depth=1"
}
