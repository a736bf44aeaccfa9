resource "aws_instance" "web" {
  ami                  = "ami-123"
  iam_instance_profile = aws_iam_instance_profile.web.name
  tags                 = { key = "AKIA-not-a-key" }
}
