resource "aws_instance" "web" {
  ami           = "ami-123"
  instance_type = "t3.micro"
  root_block_device {
    encrypted = true
  }
  ebs_block_device {
    device_name = "/dev/sdb"
    snapshot_id = "snap-123"
  }
}
