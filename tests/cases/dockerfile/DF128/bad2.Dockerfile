FROM golang:1.23
RUN go get github.com/spf13/cobra && go get -u golang.org/x/tools/cmd/goimports
RUN go get -d -v github.com/x/y@latest
