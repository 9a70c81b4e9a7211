#!/usr/bin/env bash
# The demo county's trading venue (issue 20), May to July 2024. The trading centre records the
# enterprises' deposits. The county lists cropland quota from its reserve (挂牌): one lot goes
# to an on-site auction and is won, one is withdrawn, one is still open in July. The sink
# credits `make demo` has just issued trade on a continuous book over three days of July: the
# village collective that owns the aggregated forest sink offers, three enterprises bid; trades
# cross at the resting price, a bid is cancelled, day orders expire, one order is immediate-or-
# cancel; on the third day the seller posts a quote (挂牌协议) that one enterprise takes in
# part and agrees a block trade (大宗协议) with another. 国网两山供电公司 sells its sea-area use
# right by sealed tender (招标), delivered by a transfer registration; the county sells 12 亩
# of quota in a uniform-price auction and opens a second one on 4 July. Every step is a ledger
# event.
# Usage: scripts/demo-market.sh LIANGSHAN COUNTY_DIR
set -euo pipefail
B=$1 D=$2
S="$D/store.gpkg"
M() { "$B" market "$@" --store "$S" --actor demo-centre >/dev/null; }
# the seller: the owner of the largest sink issued
SELLER="" best=0
for p in $("$B" indicator projects --store "$S" --state issued --json | jq -r '.[] | select(.class == "carbon_sink") | .project'); do
    u=$("$B" indicator show "$p" --store "$S" --json | jq '[.batches[] | select(.account == "CCS") | .units] | add // 0')
    if [ "$u" -gt "$best" ]; then best=$u; SELLER=$("$B" indicator show "$p" --store "$S" --json | jq -r .owner); fi
done
[ -n "$SELLER" ] && [ "$SELLER" != null ] && [ "$best" -ge 400000 ] || { echo "demo market: no sink credits issued" >&2; exit 1; }
o() { # date time party side price(fen per t) tonnes [flags]
    local d=$1 t=$2 p=$3 s=$4 pr=$5 q=$6; shift 6
    M order --date "$d" --time "$t" --instrument CCS-33 --party "$p" --side "$s" --price "$pr" \
        --units $((q * 1000)) --recorded "${d}T${t:0:5}:00Z" "$@"
}
for p in E01:500000000:ZJNX-240520-001 E02:500000000:ZJNX-240520-002 E03:300000000:ZJNX-240520-003; do
    IFS=: read -r party fen ref <<<"$p"
    M deposit --date 2024-05-20 --party "$party" --amount "$fen" --bank-ref "$ref" --recorded 2024-05-20T01:10:00Z
done
# 挂牌: cropland quota (补充耕地指标) from the county reserve, ¥150,000 a 亩 to start, ¥5,000 steps
L() { # id 亩 notice open close reserve
    M listing --listing "$1" --account CRQ --province 33 --seller reserve:331099 --units $(($2 * 667)) \
        --start-price 15000000 --increment 500000 --reserve "$6" --open "$4" --close "$5" --date "$3" \
        --recorded "${3}T01:00:00Z"
}
B_() { # listing party price date time [--auction]
    M bid --listing "$1" --party "$2" --price "$3" --date "$4" --time "$5" --recorded "${4}T02:00:00Z" ${6:-}
}
R_() { M register --listing "$1" --party "$2" --date "$3" --time "$4" --recorded "${3}T01:30:00Z"; }
L L-2024-001 20 2024-05-20 2024-06-10T09:00:00 2024-06-20T17:00:00 15500000
L L-2024-002 10 2024-05-20 2024-06-10T09:00:00 2024-06-20T17:00:00 15000000
# 招标: E02's sea-area use right HY-2020-0002, start ¥800,000, confidential reserve ¥900,000
M listing --listing T-2024-001 --mode sealed --right HY-2020-0002 --seller E02 --start-price 80000000 \
    --reserve 90000000 --open 2024-06-17T09:00:00 --close 2024-06-27T17:00:00 --date 2024-05-27 \
    --recorded 2024-05-27T01:00:00Z
# a uniform-price auction of 12 亩 from the county reserve, start ¥140,000, reserve ¥145,000
M listing --listing U-2024-001 --mode uniform --account CRQ --province 33 --seller reserve:331099 \
    --units 8004 --start-price 14000000 --reserve 14500000 --open 2024-06-24T09:00:00 \
    --close 2024-07-04T17:00:00 --date 2024-06-03 --recorded 2024-06-03T01:00:00Z
M delist --listing L-2024-002 --reason "来源项目复核中，暂停挂牌" --date 2024-06-05 --recorded 2024-06-05T01:00:00Z
R_ L-2024-001 E01 2024-06-11 09:30:00
R_ L-2024-001 E02 2024-06-11 10:00:00
B_ L-2024-001 E01 15000000 2024-06-11 10:30:00
B_ L-2024-001 E02 15500000 2024-06-13 14:00:00
B_ L-2024-001 E01 16000000 2024-06-18 09:45:00
L L-2024-003 15 2024-06-14 2024-07-04T09:00:00 2024-07-15T17:00:00 15000000
M deposit --date 2024-06-14 --party E01 --amount 500000000 --bank-ref ZJNX-240614-001 --recorded 2024-06-14T01:10:00Z
M deposit --date 2024-06-14 --party E03 --amount 200000000 --bank-ref ZJNX-240614-003 --recorded 2024-06-14T01:11:00Z
# a second uniform-price auction, 6 亩, taking sealed bids from 4 July
M listing --listing U-2024-002 --mode uniform --account CRQ --province 33 --seller reserve:331099 \
    --units 4002 --start-price 14000000 --reserve 14500000 --open 2024-07-04T09:00:00 \
    --close 2024-07-15T17:00:00 --date 2024-06-14 --recorded 2024-06-14T01:20:00Z
R_ T-2024-001 E01 2024-06-17 09:30:00
R_ T-2024-001 E03 2024-06-17 10:00:00
B_ T-2024-001 E03 93000000 2024-06-18 10:00:00
B_ T-2024-001 E01 96000000 2024-06-19 15:00:00
M close --listing L-2024-001 --still E01,E02 --date 2024-06-20 --time 17:00:00 --recorded 2024-06-20T09:00:00Z
B_ L-2024-001 E02 16500000 2024-06-20 17:10:00 --auction
B_ L-2024-001 E01 17000000 2024-06-20 17:20:00 --auction
M close --listing L-2024-001 --date 2024-06-20 --time 18:00:00 --recorded 2024-06-20T10:00:00Z
R_ U-2024-001 E01 2024-06-24 09:10:00
R_ U-2024-001 E02 2024-06-24 09:20:00
R_ U-2024-001 E03 2024-06-24 09:30:00
U_() { M bid --listing U-2024-001 --party "$1" --price "$2" --units $(($3 * 667)) --date "$4" --time 10:00:00 --recorded "${4}T02:00:00Z"; }
U_ E01 15200000 5 2024-06-25
U_ E02 14800000 6 2024-06-26
U_ E03 14800000 4 2024-06-26
M close --listing T-2024-001 --date 2024-06-27 --time 17:00:00 --recorded 2024-06-27T09:00:00Z
M instrument --date 2024-07-01 --instrument CCS-33 --account CCS --province 33 --mode continuous \
    --reference 8000 --recorded 2024-07-01T01:00:00Z
# day 1
o 2024-07-01 09:35:00 "$SELLER" sell 8200 200
o 2024-07-01 09:36:00 "$SELLER" sell 8400 100 --expires 2024-07-31
o 2024-07-01 10:02:00 E01 buy 8200 50
o 2024-07-01 10:15:00 E02 buy 8100 30
o 2024-07-01 10:40:00 "$SELLER" sell 8100 40
o 2024-07-01 13:20:00 E03 buy 8050 20 --expires 2024-07-15
o 2024-07-01 13:45:00 E02 buy 8000 10
CXL=$("$B" market account E02 --store "$S" --json | jq '[.orders[] | select(.state == "resting")][0].order')
M cancel --date 2024-07-01 --time 14:00:00 --instrument CCS-33 --party E02 --order "$CXL" --recorded 2024-07-01T06:00:00Z
# day 2: the first order sweeps the day orders of day 1
o 2024-07-02 09:40:00 "$SELLER" sell 8250 80 --expires 2024-07-31
o 2024-07-02 10:30:00 E01 buy 8300 30
# day 3: an immediate-or-cancel bid, then the end-of-day sweep
o 2024-07-03 10:05:00 E02 buy 8400 25 --ioc
# 挂牌协议: 50 t posted at ¥83.00, E01 takes 20 t; 大宗协议: 300 t to E03 at ¥85.00
QID=$("$B" market quote --date 2024-07-03 --time 11:00:00 --instrument CCS-33 --party "$SELLER" --price 8300 \
    --units 50000 --store "$S" --actor demo-centre --recorded 2024-07-03T03:00:00Z --json | jq '.results[0].quote.id')
M take --date 2024-07-03 --time 11:20:00 --instrument CCS-33 --quote "$QID" --party E01 --units 20000 --recorded 2024-07-03T03:20:00Z
BID=$("$B" market quote --date 2024-07-03 --time 14:00:00 --instrument CCS-33 --party "$SELLER" --buyer E03 --price 8500 \
    --units 300000 --store "$S" --actor demo-centre --recorded 2024-07-03T06:00:00Z --json | jq '.results[0].quote.id')
M take --date 2024-07-03 --time 14:10:00 --instrument CCS-33 --quote "$BID" --party E03 --recorded 2024-07-03T06:10:00Z
M expire --date 2024-07-04 --instrument CCS-33 --recorded 2024-07-03T08:00:00Z
M close --listing U-2024-001 --date 2024-07-04 --time 17:00:00 --recorded 2024-07-04T09:00:00Z
# L-2024-003 opens on 4 July: E02 files the start price
R_ L-2024-003 E02 2024-07-04 09:30:00
B_ L-2024-003 E02 15000000 2024-07-04 09:35:00
n=$("$B" market trades CCS-33 --store "$S" --json | jq length)
last=$("$B" market book CCS-33 --store "$S" --json | jq '.last_price / 100')
won=$("$B" market listings L-2024-001 --store "$S" --json | jq -r '"\(.result.winner) at ¥\(.result.price / 100) a 亩"')
tender=$("$B" market listings T-2024-001 --store "$S" --json | jq -r '"\(.result.winner) at ¥\(.result.price / 100)"')
uni=$("$B" market listings U-2024-001 --store "$S" --json | jq -r '[.result.winners[] | "\(.party) \(.lots)"] | join(", ")')
echo "demo market: L-2024-001 auctioned to $won, L-2024-002 withdrawn, L-2024-003 and U-2024-002 open; HY-2020-0002 tendered to $tender; U-2024-001 cleared ($uni 亩); CCS-33: $n trades over 3 days, last ¥$last a tonne"
