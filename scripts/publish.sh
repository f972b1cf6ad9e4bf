#!/usr/bin/env bash
# Builds the Azure Functions deploy package (docs/hosting.md "Publish"):
#   artifacts/deploy/            host.json, <Function>/function.json, app/ (self-contained linux-x64 handler)
#   artifacts/creditfunctions.zip   the same, zipped, for `az functionapp deployment source config-zip`
# Extra arguments go to dotnet publish, e.g. -p:DeployDir=/tmp/deploy/ -p:DeployZip=/tmp/cf.zip
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet publish functions/CreditFunctions.App.csproj -c Release -r linux-x64 --self-contained true \
  -p:DeployPackage=true "$@"
