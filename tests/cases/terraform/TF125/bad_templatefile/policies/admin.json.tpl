{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Admin${account_id}",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}
