variable "encrypted" {
  type = bool
}

resource "aws_ebs_volume" "on" {
  availability_zone = "eu-west-1a"
  size              = 40
  encrypted         = true
}

resource "aws_ebs_volume" "unknown" {
  availability_zone = "eu-west-1a"
  size              = 40
  encrypted         = var.encrypted
}

resource "aws_ebs_volume" "from_snapshot" {
  availability_zone = "eu-west-1a"
  snapshot_id       = "snap-123"
}
