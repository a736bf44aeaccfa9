region      = "eu-west-1"
db_password_length = 16
