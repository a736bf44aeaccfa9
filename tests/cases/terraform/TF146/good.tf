resource "aws_subnet" "s" {
  vpc_id     = "vpc-123"
  cidr_block = "10.0.1.0/24"
}
