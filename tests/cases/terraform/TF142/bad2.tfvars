region      = "eu-west-1"
db_password = "Sup3rS3cret!"
