# RDP also listens on UDP 3389: open to the world on UDP is still an RDP exposure.
resource "aws_security_group" "udp" {
  name = "udp"
  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "udp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
