# An override file may set the attribute the primary block lacks: the merged value is unknown here,
# and the override block itself is partial by design.
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 40
}
