# quoted, one plain word (nproc, uname -m, dpkg --print-architecture), or one word or nothing on purpose
FROM debian:12
RUN cp "$(find . -name app.conf)" /etc/app/ && make -j$(nproc) && echo $(uname -m) $(dpkg --print-architecture)
RUN ./configure $(test "$(uname -m)" != riscv64 && echo '--with-lto') && V=$(date) && export W="$(date)"
RUN make -j"$(nproc)" && echo $((1 + 2))
RUN make -j$(nproc || sysctl -n hw.ncpu || echo 1) install
