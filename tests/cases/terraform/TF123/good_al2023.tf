# Amazon Linux 2023 AMIs are registered with ImdsSupport v2.0: instances launched from them
# require IMDSv2 unless metadata_options says otherwise.
data "aws_ssm_parameter" "al2023" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}

data "aws_ami" "al2023" {
  most_recent = true
  owners      = ["amazon"]
  filter {
    name   = "name"
    values = ["al2023-ami-2023.*-x86_64"]
  }
}

resource "aws_instance" "from_ssm" {
  ami           = data.aws_ssm_parameter.al2023.value
  instance_type = "t3.nano"
}

resource "aws_instance" "from_ami" {
  ami           = data.aws_ami.al2023.id
  instance_type = "t3.nano"
}

resource "aws_launch_template" "from_ami" {
  image_id      = data.aws_ami.al2023.id
  instance_type = "t3.nano"
}
