resource "aws_instance" "required" {
  ami           = "ami-123"
  instance_type = "t3.micro"
  metadata_options {
    http_tokens = "required"
  }
}

resource "aws_launch_template" "disabled" {
  name = "lt"
  metadata_options {
    http_endpoint = "disabled"
  }
}
