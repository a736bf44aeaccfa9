resource "aws_ebs_volume" "data" {
  encrypted = true
}
