FROM node:22
CMD ["node", "server.js"]
ENTRYPOINT ["/usr/bin/tini", "--"]
FROM mcr.microsoft.com/powershell:7.4 AS ps
SHELL ["pwsh", "-Command"]
CMD Write-Host hello
