FROM debian:12
RUN GNUPGHOME="$(mktemp -d)" && export GNUPGHOME && gpg --batch --recv-keys "$KEY"
RUN export N=$((1 + 2)) PATH="/opt/bin:$PATH" && local_var=$(date) && sh -c 'export X=$(date)'
