resource "aws_instance" "web" {
  ami                         = "ami-123"
  instance_type               = "t3.micro"
  associate_public_ip_address = true
}

resource "aws_launch_template" "lt" {
  name = "lt"
  network_interfaces {
    associate_public_ip_address = true
  }
}
