resource "aws_security_group" "sg" {
  name = "sg"
  ingress {
    from_port   = 0
    to_port     = 1024
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"]
  }
}

resource "aws_security_group_rule" "r" {
  type              = "ingress"
  from_port         = 0
  to_port           = 1024
  protocol          = "tcp"
  ipv6_cidr_blocks  = ["::/0"]
  security_group_id = aws_security_group.sg.id
}

resource "aws_vpc_security_group_ingress_rule" "v" {
  security_group_id = aws_security_group.sg.id
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 0
  to_port           = 1024
  ip_protocol       = "tcp"
}
