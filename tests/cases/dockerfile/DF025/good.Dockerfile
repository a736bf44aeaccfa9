FROM node:22 AS base
WORKDIR /app
WORKDIR sub
FROM base
WORKDIR more
FROM mcr.microsoft.com/windows/servercore:ltsc2022
WORKDIR C:\\app
WORKDIR $HOME/app
