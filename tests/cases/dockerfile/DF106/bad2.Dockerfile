FROM debian:12
RUN <<EOF
set -e
apt-get install --no-install-recommends curl=7.88.1-10+deb12u8
EOF
RUN bash <<-EOT
	apt-get purge vim
	EOT
RUN python3 <<EOF
#!/usr/bin/env python3
print("apt-get install x")
EOF
