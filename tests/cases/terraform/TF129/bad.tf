resource "aws_eks_cluster" "default" {
  name     = "c"
  role_arn = aws_iam_role.eks.arn
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}

resource "aws_eks_cluster" "explicit" {
  name     = "c"
  role_arn = aws_iam_role.eks.arn
  vpc_config {
    subnet_ids             = ["subnet-1"]
    endpoint_public_access = true
  }
}
