variable "name" {
  default = "web"
}

variable "count_of" {
  default = 3
}

variable "anything" {
  description = "no default, no type"
}
