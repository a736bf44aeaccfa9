resource "aws_eks_cluster" "private" {
  name     = "c"
  role_arn = aws_iam_role.eks.arn
  vpc_config {
    subnet_ids             = ["subnet-1"]
    endpoint_public_access = false
  }
}
