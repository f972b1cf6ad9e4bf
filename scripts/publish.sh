#!/usr/bin/env bash
# Builds the Azure Functions deploy package (docs/hosting.md "Publish"): the isolated-worker app in functions/,
#   artifacts/publish/              dotnet publish output (host.json, functions.metadata, the worker)
#   artifacts/creditfunctions.zip   the same, zipped, for `az functionapp deployment source config-zip`
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf artifacts/publish artifacts/creditfunctions.zip
dotnet publish functions/CreditFunctions.Functions.csproj -c Release -o artifacts/publish "$@"
(cd artifacts/publish && python3 -m zipfile -c ../creditfunctions.zip .)
echo "Deploy package: artifacts/creditfunctions.zip"
