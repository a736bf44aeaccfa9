variable "TAG" { default = "latest" }

target "_common" {
  context = "./app"
}

target "app" {
  inherits   = ["_common"]
  dockerfile = "Dockerfile"
}

target "dynamic" {
  context = "./${TAG}"
}

target "remote" {
  context = "https://github.com/docker/buildx.git"
}

target "derived" {
  contexts = { base = "target:app" }
  dockerfile-inline = "FROM base"
}
