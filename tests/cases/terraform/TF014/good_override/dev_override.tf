variable "name" {
  default = "dev"
}
