{
  "Statement": [
    {"Effect": "Allow", "Action": ${jsonencode(actions)}, "Resource": ${jsonencode(resources)}}
  ]
}
