#!/usr/bin/env bash
# RFC 3161 time-stamps of ledger checkpoints (docs/security.md, "History"): a checkpoint
# stamped by a time-stamping authority, checked by `ledger verify --tsa-ca` and by OpenSSL's
# own `ts -verify` as a second tool; a TSA that answers garbage, replays an old reply,
# fails or cannot be reached leaves nothing written; a stamp from another CA, a missing
# stamp and a stamp moved to another checkpoint all fail verification. The TSA is OpenSSL's
# (`openssl ts -reply`) behind a local HTTP server (tsa.py).
. "$(dirname "$0")/fixture.sh"

make_county; ok $? "small demo county with accounts"
bash "$(dirname "$0")/make_tsa.sh" "$T/tsa" Test && bash "$(dirname "$0")/make_tsa.sh" "$T/other" Other
ok $? "a test CA with a time-stamping authority, and another CA"
python3 "$(dirname "$0")/tsa.py" "$T/tsa" > "$T/tsa.port" &
TPID=$!
for _ in $(seq 1 50); do [ -s "$T/tsa.port" ] && break; sleep 0.1; done
TSA="http://127.0.0.1:$(cat "$T/tsa.port")"
$B ledger keygen --key "$T/k.pem" --public "$T/p.pem" >/dev/null
mkdir -p "$T/ck" "$T/none"

exits 0 "a checkpoint time-stamped by the TSA" $B ledger checkpoint --store "$S" --key "$T/k.pem" --out "$T/ck" --tsa "$TSA/" --json
CK=$(ls "$T/ck/"checkpoint-*.json)
[ "$(jq -r .timestamp.tsa "$CK")" = "$TSA/" ] && jq -r .timestamp.time "$CK" | grep -Eq '^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$' &&
    [ "$(jq -r .timestamp.token "$CK" | base64 -d | wc -c)" -gt 500 ]
ok $? "the file holds the TSA, its time and the token ($(jq -r .timestamp.time "$CK"))"
jq -j .signature "$CK" > "$T/sig.txt" && jq -r .timestamp.token "$CK" | base64 -d > "$T/tok.der"
openssl ts -verify -data "$T/sig.txt" -in "$T/tok.der" -token_in -CAfile "$T/tsa/ca.pem" >/dev/null 2>&1
ok $? "openssl ts -verify accepts the token over the checkpoint's signature text"
exits 0 "ledger verify --tsa-ca accepts it" $B ledger verify --store "$S" --checkpoints "$T/ck" --public-key "$T/p.pem" --tsa-ca "$T/tsa/ca.pem" --json
[ "$(jq -r '.checkpoints[0].timestamp_ok' "$T/out")" = true ] && [ "$(jq -r '.checkpoints[0].timestamped_at' "$T/out")" = "$(jq -r .timestamp.time "$CK")" ]
ok $? "... timestamp_ok, at the TSA's time"
exits 1 "against another CA it fails" $B ledger verify --store "$S" --checkpoints "$T/ck" --public-key "$T/p.pem" --tsa-ca "$T/other/ca.pem" --json
[ "$(jq -r '.checkpoints[0].timestamp_ok' "$T/out")" = false ] && jq -r '.checkpoints[0].why' "$T/out" | grep -q "does not verify"
ok $? "... saying so: $(jq -r '.checkpoints[0].why' "$T/out" | head -c 90)"

# a stamp moved onto a newer checkpoint: its imprint is of the other signature
echo "pw-new-secret" | $B user add new1 --role reviewer --store "$S" --password-file - >/dev/null
mkdir -p "$T/moved"
$B ledger checkpoint --store "$S" --key "$T/k.pem" --out "$T/moved" >/dev/null
M=$(ls "$T/moved/"checkpoint-*.json)
jq --slurpfile old "$CK" '.timestamp = $old[0].timestamp' "$M" > "$T/m.json" && mv "$T/m.json" "$M"
exits 1 "a stamp moved to another checkpoint fails" $B ledger verify --store "$S" --checkpoints "$T/moved" --public-key "$T/p.pem" --tsa-ca "$T/tsa/ca.pem" --json
[ "$(jq -r '.checkpoints[0].signature_ok' "$T/out")" = true ] && [ "$(jq -r '.checkpoints[0].timestamp_ok' "$T/out")" = false ]
ok $? "... the signature still holds, the stamp does not"
exits 1 "a checkpoint without a stamp fails when stamps are asked for" $B ledger verify --store "$S" --checkpoints "$T/moved" --public-key "$T/p.pem" --tsa-ca "$T/tsa/ca.pem" --json
rm -f "$T/moved/"*; $B ledger checkpoint --store "$S" --key "$T/k.pem" --out "$T/moved" >/dev/null
exits 1 "... (no stamp at all)" $B ledger verify --store "$S" --checkpoints "$T/moved" --public-key "$T/p.pem" --tsa-ca "$T/tsa/ca.pem" --json
jq -r '.checkpoints[0].why' "$T/out" | grep -q "no time-stamp"; ok $? "... saying it carries none"
exits 0 "without --tsa-ca the stamp is not required" $B ledger verify --store "$S" --checkpoints "$T/moved" --public-key "$T/p.pem"

# the TSA misbehaving: nothing is written
for bad in garbage:1 replay:1 refuse:2; do
    # a reply that is not a valid stamp is bad input (1); a TSA failing is an I/O error (2)
    exits "${bad#*:}" "a TSA answering /${bad%:*}: refused" $B ledger checkpoint --store "$S" --key "$T/k.pem" --out "$T/none" --tsa "$TSA/${bad%:*}"
    grep -q "tsa" "$T/err"; ok $? "... naming the TSA: $(head -c 120 "$T/err")"
done
exits 2 "a TSA that cannot be reached: refused as an I/O error" $B ledger checkpoint --store "$S" --key "$T/k.pem" --out "$T/none" --tsa "http://127.0.0.1:1/"
exits 1 "a TSA that is not an http(s) URL: refused" $B ledger checkpoint --store "$S" --key "$T/k.pem" --out "$T/none" --tsa "file:///etc/passwd"
[ -z "$(ls "$T/none")" ]; ok $? "no checkpoint file was written by any refused attempt"
exits 1 "--tsa-ca without checkpoints is a usage error" $B ledger verify --store "$S" --tsa-ca "$T/tsa/ca.pem"

# the server verifies the stamps of the checkpoints it publishes
start_server --checkpoints "$T/ck" --public-key "$T/p.pem" --tsa-ca "$T/tsa/ca.pem"
AUD=$(login aud1)
[ "$(req GET /api/v1/ledger/verification "" "$AUD")" = 200 ] && [ "$(jb '.checkpoints[0].timestamp_ok')" = true ] &&
    [ "$(jb .ok)" = true ]
ok $? "GET /api/v1/ledger/verification checks the stamps with serve --tsa-ca"
[ "$(req GET /api/v1/ledger/checkpoints)" = 200 ] && [ "$(jb '.checkpoints[0].timestamp.token | length')" -gt 500 ]
ok $? "GET /api/v1/ledger/checkpoints publishes the tokens"
stop_server
start_server --checkpoints "$T/ck" --public-key "$T/p.pem" --tsa-ca "$T/other/ca.pem"
AUD=$(login aud1)
[ "$(req GET /api/v1/ledger/verification "" "$AUD")" = 200 ] && [ "$(jb .ok)" = false ]
ok $? "... and with another CA the verification fails"
kill $TPID 2>/dev/null; wait $TPID 2>/dev/null
finish
