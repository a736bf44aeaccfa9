FROM python:3.12-slim AS base
WORKDIR /app
COPY app.py .
FROM base
COPY src src
FROM python:3.12-slim
COPY app.py /app/
COPY app.py $DEST
COPY app.py C:\\app\\
