#!/usr/bin/env bash
# Sends the README's example credit note to the running app, signed as the contract requires, then shows its status.
# Usage: scripts/send-example.sh [base-url] [tenant] [webhook-secret] [api-key]
# Defaults are the run command's demo tenant (public, local-only values).
set -euo pipefail
base=${1:-http://127.0.0.1:7071}
tenant=${2:-demo}
secret=${3:-demo-webhook-secret}
key=${4:-demo-api-key}
id=${CREDIT_NOTE_ID:-cn_$(date +%s)}
# MYOB keeps at most 13 characters of a number (its read-back key): CN- and the clock's last 8 digits fit every ledger.
number=${CREDIT_NOTE_NUMBER:-CN-$(date +%s | tail -c 9)}

body=$(cat <<JSON
{"id":"evt_${id}","type":"credit_note.created","occurredAt":"2026-11-20T10:15:00Z","data":{"creditNote":{"id":"${id}","version":1,"number":"${number}","kind":"receivable","date":"2026-11-20","currency":"AUD","contact":{"id":"cust_42","name":"Cafe Luna","email":"accounts@cafeluna.example"},"amountsAre":"exclusive","lines":[{"description":"Damaged: 2 x Flat white beans 1kg","quantity":2,"unitAmount":100.00,"accountCode":"200","taxType":"OUTPUT","taxAmount":20.00,"lineAmount":200.00}],"subtotal":200.00,"totalTax":20.00,"total":220.00,"reference":"Order 5567","allocations":[{"invoiceNumber":"INV-0001","amount":220.00,"date":"2026-11-20"}]}}}
JSON
)
t=$(date +%s)
sig=$(printf '%s.%s' "$t" "$body" | openssl dgst -sha256 -hmac "$secret" | sed 's/^.* //')

echo "POST $base/api/tenants/$tenant/events"
curl -sS -X POST "$base/api/tenants/$tenant/events" \
  -H "Content-Type: application/json" \
  -H "X-CreditFunctions-Signature: t=$t,v1=$sig" \
  --data-binary "$body"
echo

for _ in $(seq 1 20); do
  status=$(curl -sS "$base/api/tenants/$tenant/credit-notes/$id" -H "Authorization: Bearer $key")
  case "$status" in *'"state":"synced"'*|*'"state":"failed"'*) break ;; esac
  sleep 0.5
done
echo "GET $base/api/tenants/$tenant/credit-notes/$id"
echo "$status"
echo
echo "In the simulated Xero: curl -s 'http://127.0.0.1:7081/_sim/credit-notes?number=$number'"
echo "In the simulated MYOB: curl -s 'http://127.0.0.1:7082/_sim/credit-notes?number=$number'   (tenant demo-myob)"
echo "In the simulated QuickBooks: curl -s 'http://127.0.0.1:7083/_sim/credit-memos?number=$number'   (tenant demo-qbo)"
