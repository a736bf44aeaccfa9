resource "aws_efs_file_system" "fs" {
  creation_token = "x"
  encrypted      = true
}
