resource "aws_db_instance" "on" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  storage_encrypted = true
}

resource "aws_db_instance" "replica" {
  instance_class      = "db.t3.micro"
  replicate_source_db = aws_db_instance.on.identifier
}
