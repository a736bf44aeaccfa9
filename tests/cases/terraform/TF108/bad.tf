resource "aws_db_instance" "missing" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
}

resource "aws_db_instance" "off" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  storage_encrypted = false
}
