FROM golang:1.23
RUN go install golang.org/x/tools/gopls@v0.16.2
RUN go install -ldflags "-s -w" ./cmd/...
RUN go install .
RUN go install "github.com/go-delve/delve/cmd/dlv@${DLV_VERSION}"
