#!/usr/bin/env python3
"""The include rules of docs/ARCHITECTURE.md, checked by `make check` and CI.

1. Layers: a file includes headers of its own layer or below, never above
   (faces > app > domain > engines > base; among the engines ledger sits on store).
2. No include cycles between files, nor between modules' units (x.c and x.h taken as one),
   except a module's internal header (internal.h, *_internal.h) including its own public
   header, which is how a module shares its private parts among its files.
3. Headers marked "Internal to <module>/" are included only from that module's files.
Prints each violation as file: reason and exits 1 when there is any.
"""
import collections
import glob
import os
import re
import sys

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
LAYER = {"base": 0, "geo": 1, "raster": 1, "store": 1, "ledger": 2, "registry": 3, "gep": 3,
         "zoning": 3, "indicator": 3, "market": 2, "venue": 4, "bundle": 4, "contract": 4, "plan": 4, "valuation": 3, "compensation": 3, "damage": 4, "demo": 3, "report": 1, "app": 5, "cli": 6, "server": 6}
files = sorted(glob.glob("src/*/*.[ch]"))
graph = collections.defaultdict(set)
text = {}
for f in files:
    text[f[4:]] = open(f, encoding="utf-8").read()
    for m in re.finditer(r'^#include "([^"]+)"', text[f[4:]], re.M):
        graph[f[4:]].add(m.group(1))
bad = []


def module(p):
    return p.split("/")[0]


for m in sorted({module(f) for f in graph} - set(LAYER)):
    bad.append(f"src/{m}/: a module in no layer; place it in LAYER (and docs/ARCHITECTURE.md)")
for f, targets in graph.items():
    for t in targets:
        if module(f) in LAYER and module(t) in LAYER and LAYER[module(t)] > LAYER[module(f)]:
            bad.append(f"{f}: includes {t}, a layer above it")
        if t in text and re.search(r"Internal to (\w+)/", text[t]):
            owner = re.search(r"Internal to (\w+)/", text[t]).group(1)
            if module(f) != owner:
                bad.append(f"{f}: includes {t}, internal to {owner}/")


def sccs(g):
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


for comp in sccs(graph):
    bad.append("file cycle: " + " -> ".join(comp))


def unit(p):
    return re.sub(r"\.[ch]$", "", p)


def internal_to_public(a, b):
    """a is a module's internal header unit and b that module's public one."""
    name = a.split("/")[1]
    return module(a) == module(b) and (name == "internal" or name == b.split("/")[1] + "_internal")


units = collections.defaultdict(set)
for f, targets in graph.items():
    for t in targets:
        a, b = unit(f), unit(t)
        if a != b and not internal_to_public(a, b):
            units[a].add(b)
for comp in sccs(units):
    bad.append("unit cycle: " + " -> ".join(comp))

for b in bad:
    print(b)
if not bad:
    print(f"include graph: {len(files)} files, layers respected, no cycles")
sys.exit(1 if bad else 0)
