variable "names" {
  type = list(string)
}

variable "rules" {
  type = map(object({ port = number }))
}

locals {
  upper = [for n in var.names : upper(n)]
  by_name = { for k, v in var.rules : k => v.port if v.port > 0 }
  text = "%{ for n in var.names }${n}%{ endfor }"
}

resource "aws_security_group" "sg" {
  name = "sg-${terraform.workspace}-${path.module}"

  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port = ingress.value.port
      to_port   = ingress.value.port
      protocol  = "tcp"
    }
  }

  dynamic "egress" {
    for_each = var.rules
    iterator = rule
    content {
      from_port = rule.value.port
      to_port   = rule.value.port
      protocol  = "tcp"
    }
  }

  lifecycle {
    ignore_changes = [tags.Owner]
  }
}

resource "aws_instance" "web" {
  count    = 2
  ami      = "ami-123"
  provider = aws.west
  tags     = { Name = "web-${count.index}", Group = aws_security_group.sg.name }

  provisioner "local-exec" {
    command = "echo ${self.private_ip}"
  }
}

moved {
  from = aws_instance.old
  to   = aws_instance.web
}

output "ids" {
  value = { for k, v in local.by_name : k => v }
}

output "first" {
  value = aws_instance.web[0].id
}
