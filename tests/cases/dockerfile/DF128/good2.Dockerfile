FROM golang:1.23
RUN go get github.com/spf13/cobra@v1.8.1 && go get ./... && go get
RUN go get -t . && go get "github.com/x/y@${Y_VERSION}"
