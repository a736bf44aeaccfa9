data "aws_ssm_parameter" "al2" {
  name = "/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2"
}

data "aws_ami" "chosen" {
  most_recent = true
  owners      = ["amazon"]
  filter {
    name   = "name"
    values = [var.ami_name_pattern]
  }
}

resource "aws_instance" "amazon_linux_2" {
  ami           = data.aws_ssm_parameter.al2.value
  instance_type = "t3.nano"
}

resource "aws_instance" "unknown_image" {
  ami           = data.aws_ami.chosen.id
  instance_type = "t3.nano"
}

resource "aws_instance" "al2023_with_v1" {
  ami           = data.aws_ami.al2023.id
  instance_type = "t3.nano"
  metadata_options {
    http_tokens = "optional"
  }
}
