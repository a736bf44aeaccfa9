FROM alpine:3.20
run echo hello
Copy a /b
ONBUILD run make
