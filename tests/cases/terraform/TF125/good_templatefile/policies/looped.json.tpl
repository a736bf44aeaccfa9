{
  "Statement": [
    %{ for s in statements }{"Effect": "Allow", "Action": "*", "Resource": "*"}%{ endfor }
  ]
}
