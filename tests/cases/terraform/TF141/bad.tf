resource "aws_instance" "web" {
  ami       = "ami-123"
  user_data = <<EOF
#!/bin/bash
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLF
EOF
  tags = { key = "prefix-AKIAIOSFODNN7EXAMPLG" }
}
