target "app" {
  platforms  = ["linux/amd64"]
  cache-from = ["type=gha"]
  tags       = ["app:1.0"]
}

group "default" {
  targets = ["app"]
}
