# several files, options, a glob, a bare $FILES or a redirect make cat do something
FROM debian:12
RUN cat a.txt b.txt | sort && cat -n file | less && cat *.pem | openssl x509 && cat $FILES | wc -l
RUN cat /proc/x 2>/dev/null | grep y && { cat f; } | tar -x && grep VERSION_ID /etc/os-release
