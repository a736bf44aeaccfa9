variable "name" {
  type = string
}

variable "empty" {
  type        = string
  description = ""
}
