terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.2"
    }
    random = {
      source = "hashicorp/random"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = ">= 5.1, < 6.0.0"
}

module "local" {
  source = "./modules/app"
}

data "aws_caller_identity" "me" {}

resource "aws_instance" "web" {
  count         = 2
  ami           = "ami-123"
  instance_type = "t3.micro"

  root_block_device {
    volume_size = 20
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "web" {
  name = "web"
  dynamic "ingress" {
    for_each = [80, 443]
    content {
      from_port = ingress.value
    }
  }
}

resource "google_storage_bucket" "logs" {
  name     = "logs"
  location = "EU"
}

resource "kubernetes_deployment" "app" {
  metadata {
    name = "app"
  }
  spec {
    template {
      metadata {}
      spec {
        container {
          image = "nginx:1.27"
          name  = "app"
        }
      }
    }
  }
}

resource "acme_thing" "x" {
  size = 1
}

output "ip" {
  value = aws_instance.web.public_ip
}

output "account" {
  value = [data.aws_caller_identity.me.account_id, aws_instance.web.instance_type]
}
