resource "aws_instance" "missing" {
  ami           = "ami-123"
  instance_type = "t3.micro"
}

resource "aws_launch_template" "optional" {
  name = "lt"
  metadata_options {
    http_tokens = "optional"
  }
}

resource "aws_instance" "partial" {
  ami           = "ami-123"
  instance_type = "t3.micro"
  metadata_options {
    http_endpoint = "enabled"
  }
}
