variable "db_password" {
  type    = string
  default = "Sup3rS3cret!"
}

resource "aws_db_instance" "db" {
  engine   = "postgres"
  username = "admin"
  password = "Sup3rS3cret!"
}

resource "azurerm_mssql_server" "s" {
  administrator_login          = "admin"
  administrator_login_password = "thisIsKat11"
}
