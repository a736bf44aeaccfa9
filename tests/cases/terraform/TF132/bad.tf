resource "aws_ecr_repository" "r" {
  name = "app"
  image_scanning_configuration {
    scan_on_push = false
  }
}
