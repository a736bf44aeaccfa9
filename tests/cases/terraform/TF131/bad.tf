resource "aws_ecr_repository" "default" {
  name = "app"
}

resource "aws_ecr_repository" "mutable" {
  name                 = "app"
  image_tag_mutability = "MUTABLE"
}
