# The account's instance metadata defaults require IMDSv2: instances that set nothing get it at launch.
resource "aws_ec2_instance_metadata_defaults" "this" {
  http_tokens                 = "required"
  http_put_response_hop_limit = 2
}

resource "aws_instance" "web" {
  ami           = "ami-123"
  instance_type = "t3.micro"
}
