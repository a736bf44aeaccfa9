# An instance started from a launch template gets its metadata options from the template (unknown here).
resource "aws_instance" "from_template" {
  launch_template {
    name = "web"
  }
}
