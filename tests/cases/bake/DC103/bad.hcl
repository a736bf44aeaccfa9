target "app" {
  platform   = ["linux/amd64"]
  cache_from = ["type=gha"]
  tags       = ["app:1.0"]
}

group "default" {
  target = ["app"]
}
