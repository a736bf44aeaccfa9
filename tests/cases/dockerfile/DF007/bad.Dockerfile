FROM node:22 as build
from node:22 AS build2
FROM node:22 As build3
