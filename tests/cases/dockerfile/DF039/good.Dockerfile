# no label schema configured: the rule is silent
FROM alpine:3.20
