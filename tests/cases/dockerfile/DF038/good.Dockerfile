FROM alpine:3.20
LABEL maintainer=jane org.opencontainers.image.authors=jane
LABEL com.example.version-2=1 ${KEY}=x
