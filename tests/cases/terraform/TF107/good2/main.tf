# account-level default encryption covers every new volume
resource "aws_ebs_encryption_by_default" "on" {
  enabled = true
}

resource "aws_instance" "web" {
  ami           = "ami-123"
  instance_type = "t3.micro"
}
