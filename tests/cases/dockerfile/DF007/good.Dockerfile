FROM node:22 AS build
from node:22 as build2
From node:22 as build3
