# An instance started from a launch template gets its root volume from the template (unknown here).
resource "aws_instance" "from_template" {
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}
