resource "aws_ecr_repository" "r" {
  name                 = "app"
  image_tag_mutability = "IMMUTABLE"
}
