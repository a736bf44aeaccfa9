FROM python:3.12-slim AS build
RUN pip wheel -w /wheels requests==2.32.3 && pip install requests==2.32.3

FROM python:3.12-slim
RUN pip install --no-cache-dir requests==2.32.3
RUN PIP_NO_CACHE_DIR=1 pip install requests==2.32.3
RUN --mount=type=cache,target=/root/.cache/pip pip install requests==2.32.3
RUN pip download requests==2.32.3
