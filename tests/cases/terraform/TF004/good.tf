variable "name" {
  type        = string
  description = "Name of the thing"
}
