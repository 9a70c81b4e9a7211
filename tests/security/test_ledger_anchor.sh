#!/usr/bin/env bash
# The ledger anchored outside its file (docs/security.md, "History"): whoever holds the store
# can drop the triggers, rewrite an event, recompute every hash and the head, and rebuild
# the projections — the chain alone then verifies. A signed checkpoint (Ed25519, the key
# outside the store) made before the rewrite catches it; so does a head published
# elsewhere. Accounts edited behind the ledger and projections edited by SQL are caught by
# the same verification, on the command line and at GET /api/v1/ledger/verification.
# backends: gpkg postgres
. "$(dirname "$0")/fixture.sh"

make_county; ok $? "small demo county with accounts"
exits 0 "an Ed25519 key pair" $B ledger keygen --key "$T/ckpt.key" --public "$T/ckpt.pub"
[ "$(stat -c %a "$T/ckpt.key")" = 600 ] && grep -q "BEGIN PUBLIC KEY" "$T/ckpt.pub" && ! grep -q PRIVATE "$T/ckpt.pub"
ok $? "the private key is the owner's alone (0600), the public key holds no secret"
exits 1 "keygen never overwrites a key" $B ledger keygen --key "$T/ckpt.key" --public "$T/other.pub"
mkdir -p "$T/ck"
exits 0 "a checkpoint of the head" $B ledger checkpoint --store "$S" --key "$T/ckpt.key" --out "$T/ck" --time 2026-01-01T00:00:00Z
HEAD=$($B ledger verify --store "$S" --json | jq -r .head)
N=$($B ledger verify --store "$S" --json | jq -r .events)
[ -f "$T/ck/checkpoint-$(printf %012d "$N").json" ] && [ "$(jq -r .head "$T/ck/"checkpoint-*.json)" = "$HEAD" ]
ok $? "checkpoint-$(printf %012d "$N").json holds the head $HEAD"
# the signature checked by a second tool: OpenSSL's command line over the documented message
CK=$(ls "$T/ck/"checkpoint-*.json)
jq -j '"liangshan-ledger-checkpoint/1\n\(.county)\n\(.algorithm)\n\(.seq)\n\(.head)\n\(.signed_at)\n"' "$CK" > "$T/msg"
jq -r .signature "$CK" | base64 -d > "$T/sig"
openssl pkeyutl -verify -pubin -inkey "$T/ckpt.pub" -rawin -in "$T/msg" -sigfile "$T/sig" >/dev/null 2>&1
ok $? "openssl pkeyutl verifies the checkpoint's Ed25519 signature over the documented message"
exits 0 "verify with the checkpoints and the published head" \
    $B ledger verify --store "$S" --checkpoints "$T/ck" --public-key "$T/ckpt.pub" --expect-head "$N:$HEAD" --projections
exits 1 "a checkpoint checked against another key fails" sh -c "$B ledger keygen --key $T/k2 --public $T/p2 >/dev/null && $B ledger verify --store $S --checkpoints $T/ck --public-key $T/p2"

# the rewrite: a transfer's new holder becomes another party, hashes and head recomputed
store_save before
SEQ=$(sql "SELECT seq FROM ledger_event WHERE type = 'registry.first' AND payload LIKE '%\"party\":\"HH%' ORDER BY seq LIMIT 1")
P1=$(sql "SELECT payload FROM ledger_event WHERE seq = $SEQ" | grep -o '"party":"HH[^"]*"' | head -1)
P2=$(sql "SELECT payload FROM ledger_event WHERE type = 'registry.party' AND payload LIKE '%\"id\":\"HH%' ORDER BY seq DESC LIMIT 1" | grep -o '"id":"HH[^"]*"' | head -1 | sed 's/"id"/"party"/')
# (rebuild exits 1 because the replayed projections differ from the old ones: that is the point)
[ -n "$SEQ" ] && [ -n "$P1" ] && [ -n "$P2" ] && [ "$P1" != "$P2" ] && python3 "$(dirname "$0")/rechain.py" "$S" "$SEQ" "$P1" "$P2" &&
    { $B ledger rebuild --store "$S" >/dev/null; [ $? -le 1 ]; } && $B ledger rebuild --store "$S" --check >/dev/null
ok $? "history rewritten at event $SEQ ($P1 → $P2), every hash and the head recomputed, projections rebuilt"
exits 0 "the chain alone now verifies: this is the attack" $B ledger verify --store "$S"
exits 1 "the checkpoint made before it catches the rewrite" $B ledger verify --store "$S" --checkpoints "$T/ck" --public-key "$T/ckpt.pub" --json
[ "$(jq -r '.checkpoints[0].signature_ok' "$T/out")" = true ] && [ "$(jq -r '.checkpoints[0].matches' "$T/out")" = false ] &&
    jq -r '.checkpoints[0].why' "$T/out" | grep -q rewritten
ok $? "... signature valid, head not matching: $(jq -r '.checkpoints[0].why' "$T/out")"
exits 1 "so does the head published elsewhere" $B ledger verify --store "$S" --expect-head "$N:$HEAD"
store_restore before
exits 1 "a mistyped head is refused as such, not reported as a rewrite" $B ledger verify --store "$S" --expect-head "x:$HEAD"
grep -q "expect_head" "$T/err"; ok $? "... naming the field"

# a tampered checkpoint
jq '.seq = 1' "$T/ck/"checkpoint-*.json > "$T/ck2.json" && mkdir -p "$T/ckbad" && cp "$T/ck2.json" "$T/ckbad/checkpoint-000000000001.json"
exits 1 "a checkpoint edited after signing is refused" $B ledger verify --store "$S" --checkpoints "$T/ckbad" --public-key "$T/ckpt.pub" --json
[ "$(jq -r '.checkpoints[0].signature_ok' "$T/out")" = false ]; ok $? "... its signature no longer holds"

# accounts and projections edited behind the ledger
sql "UPDATE srv_user SET role = 'administrator' WHERE username = 'rev1'"
exits 1 "a role raised by SQL is found" $B ledger verify --store "$S" --json
jq -r .accounts_why "$T/out" | grep -q "rev1 has role administrator"; ok $? "... naming it: $(jq -r .accounts_why "$T/out")"
sql "UPDATE srv_user SET role = 'reviewer' WHERE username = 'rev1'"
PW=$(sql "SELECT pw_hash FROM srv_user WHERE username = 'admin'")
sql "UPDATE srv_user SET pw_hash = '$PW' WHERE username = 'reg1'"
exits 1 "a password hash copied between accounts is found" $B ledger verify --store "$S" --json
store_restore before
sql "UPDATE reg_party SET name = '篡改' WHERE party_id = (SELECT min(party_id) FROM reg_party)"
exits 0 "a projection edited by SQL passes the chain-only check" $B ledger verify --store "$S"
exits 1 "... and fails with the projections compared" $B ledger verify --store "$S" --projections --json
[ "$(jq -r .projections_identical "$T/out")" = false ]; ok $? "... projections_identical false"

# the server: checkpoints published, the full verification
start_server --checkpoints "$T/ck" --public-key "$T/ckpt.pub"
AUD=$(login aud1)
[ "$(req GET /api/v1/ledger/checkpoints)" = 200 ] && [ "$(jb '.checkpoints[0].head')" = "$HEAD" ] &&
    [ "$(jb '.checkpoints[0].signature | length')" = 88 ]
ok $? "GET /api/v1/ledger/checkpoints publishes them to anyone"
[ "$(req GET /api/v1/ledger/verification "" "$AUD")" = 200 ] && [ "$(jb .ok)" = false ] &&
    [ "$(jb .projections_identical)" = false ] && [ "$(jb '.checkpoints[0].matches')" = true ] && [ "$(jb .accounts_match)" = true ]
ok $? "the server's verification compares the projections too: the edited party is found"
stop_server
store_restore before
start_server --checkpoints "$T/ck" --public-key "$T/ckpt.pub"
AUD=$(login aud1)
[ "$(req GET /api/v1/ledger/verification "" "$AUD")" = 200 ] && [ "$(jb .ok)" = true ]
ok $? "... and an untouched store verifies whole over the API"
finish
