resource "aws_instance" "no_root" {
  ami           = "ami-123"
  instance_type = "t3.micro"
}

resource "aws_launch_configuration" "lc" {
  image_id      = "ami-123"
  instance_type = "t3.micro"
  root_block_device {
    encrypted = false
  }
  ebs_block_device {
    device_name = "/dev/sdb"
  }
}
