#!/usr/bin/env bash
# Opens one account per role on the demo county's store, all with the demo password
# "liangshan-demo" — for trying the UI on 127.0.0.1 only; a real store gets its own
# accounts with `liangshan user add`. Usage: scripts/demo-users.sh LIANGSHAN STORE
set -euo pipefail
B=$1 S=$2
for u in admin:administrator:管理员 registrar:registrar:登记员 accountant:accountant:核算员 \
         reviewer:reviewer:审查员 centre:centre:交易中心 trader:trader:交易员 auditor:auditor:审计员; do
    IFS=: read -r name role display <<<"$u"
    echo liangshan-demo | "$B" user add "$name" --role "$role" --display "$display" \
        --store "$S" --password-file - --actor demo >/dev/null
done
# the trader acts for the mining company E03 (两山萤石矿业), the holder of the demo's traded
# cropland quota: its indicator account is the one it may move
"$B" user set trader --party E03 --store "$S" --actor demo >/dev/null
echo "demo accounts (password liangshan-demo): admin registrar accountant reviewer centre trader (for E03) auditor"
