#!/usr/bin/env bash
# Sends the README's payment example to the running app: a payment of 100.00 on INV-0001, then a refund of 40.00 of that
# payment (Ordway's refund of a payment), each signed as the contract requires; shows both statuses and the invoice.
# Usage: scripts/send-payment-example.sh [base-url] [tenant] [webhook-secret] [api-key]
# Defaults are the run command's demo tenant (public, local-only values).
set -euo pipefail
base=${1:-http://127.0.0.1:7071}
tenant=${2:-demo}
secret=${3:-demo-webhook-secret}
key=${4:-demo-api-key}
suffix=$(date +%s)
payment=pay_$suffix
refund=ref_$suffix
today=$(date -u +%Y-%m-%d)
contact='{"id":"cust_42","name":"Cafe Luna","email":"accounts@cafeluna.example"}'

send() {
  local body=$1 t sig
  t=$(date +%s)
  sig=$(printf '%s.%s' "$t" "$body" | openssl dgst -sha256 -hmac "$secret" | sed 's/^.* //')
  echo "POST $base/api/tenants/$tenant/events"
  curl -sS -X POST "$base/api/tenants/$tenant/events" -H "Content-Type: application/json" \
    -H "X-CreditFunctions-Signature: t=$t,v1=$sig" --data-binary "$body"
  echo
}

wait_for() {
  local url=$1 status
  for _ in $(seq 1 40); do
    status=$(curl -sS "$url" -H "Authorization: Bearer $key")
    case "$status" in *'"state":"synced"'*|*'"state":"failed"'*|*'"state":"refused"'*|*'"state":"duplicate"'*) break ;; esac
    sleep 0.5
  done
  echo "GET $url"
  echo "$status"
  echo
}

send "{\"id\":\"evt_$payment\",\"type\":\"payment.created\",\"occurredAt\":\"${today}T09:00:00Z\",\"data\":{\"payment\":{\"id\":\"$payment\",\"kind\":\"receivable\",\"contact\":$contact,\"date\":\"$today\",\"currency\":\"AUD\",\"amount\":100.00,\"invoiceNumber\":\"INV-0001\",\"reference\":\"Order 5567\"}}}"
wait_for "$base/api/tenants/$tenant/payments/$payment"

send "{\"id\":\"evt_$refund\",\"type\":\"refund.created\",\"occurredAt\":\"${today}T10:00:00Z\",\"data\":{\"refund\":{\"id\":\"$refund\",\"kind\":\"receivable\",\"contact\":$contact,\"date\":\"$today\",\"currency\":\"AUD\",\"amount\":40.00,\"of\":{\"paymentId\":\"$payment\"},\"reference\":\"Refund order 5567\"}}}"
wait_for "$base/api/tenants/$tenant/refunds/$refund"

echo "The invoice in the simulated Xero:       curl -s 'http://127.0.0.1:7081/_sim/tenants/5f0c3a52-7d1e-4b8a-9c61-2e4d8f9a1b30/invoices?number=INV-0001'"
echo "The invoice in the simulated MYOB:       curl -s 'http://127.0.0.1:7082/_sim/tenants/8d3b1f6e-2a47-4c59-9e81-5b0d7c3a6f12/invoices?number=INV-0001'   (tenant demo-myob)"
echo "The invoice in the simulated QuickBooks: curl -s 'http://127.0.0.1:7083/_sim/companies/9130357766900010/invoices/INV-0001/amount-due'   (tenant demo-qbo)"
