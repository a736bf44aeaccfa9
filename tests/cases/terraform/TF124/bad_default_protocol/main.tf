resource "aws_lb" "web" {
  name    = "web"
  subnets = var.subnets
}

resource "aws_alb" "legacy" {
  name               = "legacy"
  load_balancer_type = "application"
  subnets            = var.subnets
}

# No protocol: the provider sends HTTP for an application load balancer.
resource "aws_lb_listener" "web" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

resource "aws_alb_listener" "legacy" {
  load_balancer_arn = aws_alb.legacy[0].id
  port              = 8080
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}
