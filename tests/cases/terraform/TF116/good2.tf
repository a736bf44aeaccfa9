# SSH is TCP only: port 22 open on UDP is not an SSH exposure (TF117 keeps UDP for RDP).
resource "aws_security_group" "udp" {
  name = "udp"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "udp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "udp" {
  security_group_id = aws_security_group.udp.id
  from_port         = 22
  to_port           = 22
  ip_protocol       = "17"
  cidr_ipv4         = "0.0.0.0/0"
}
