#!/usr/bin/env python3
"""Validates live answers and requests against data/server/openapi.json with jsonschema (an
independent validator, not ours).

  openapi_check.py OPENAPI.json LIST

LIST has one line per exchange:
  RESP METHOD TEMPLATE STATUS FILE   the answer in FILE must match the documented schema
  REQ  METHOD TEMPLATE FILE          the request body in FILE must match the request schema
  BAD  METHOD TEMPLATE FILE          ... and this one must not
and the document itself must give every operation's success answer a schema. Prints one
line per failure and exits 1 when there is any."""
import json
import sys

import jsonschema


def inline(node, doc, seen=()):
    """The schema with every local $ref replaced by what it names."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if ref and ref.startswith("#/"):
            if ref in seen:
                return {}
            target = doc
            for part in ref[2:].split("/"):
                target = target[part]
            return inline(target, doc, seen + (ref,))
        return {k: inline(v, doc, seen) for k, v in node.items()}
    if isinstance(node, list):
        return [inline(v, doc, seen) for v in node]
    return node


def main():
    doc = json.load(open(sys.argv[1], encoding="utf-8"))
    bad = []
    checked = 0
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            codes = [c for c in op["responses"] if c.startswith("2")]
            if not codes:
                bad.append(f"{method.upper()} {path}: no success answer documented")
            for c in codes:
                for ctype, content in op["responses"][c].get("content", {}).items():
                    schema = content.get("schema", {})
                    if schema in ({}, {"type": "object"}):
                        bad.append(f"{method.upper()} {path} {c} {ctype}: no real schema")
    for line in open(sys.argv[2], encoding="utf-8"):
        parts = line.split()
        if not parts:
            continue
        kind, method, template = parts[0], parts[1].lower(), parts[2]
        op = doc["paths"].get(template, {}).get(method)
        if op is None:
            bad.append(f"{method.upper()} {template}: not in the document")
            continue
        if kind == "RESP":
            status, path = parts[3], parts[4]
            resp = op["responses"].get(status) or op["responses"].get("default")
            schema = resp and resp.get("content", {}).get("application/json", resp.get("content", {}).get("application/geo+json", {})).get("schema")
            if "$ref" in (resp or {}):
                schema = inline(resp, doc)["content"]["application/json"]["schema"]
        else:
            path = parts[3]
            schema = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        if not schema:
            bad.append(f"{line.strip()}: no schema documented")
            continue
        body = json.load(open(path, encoding="utf-8"))
        errors = list(jsonschema.Draft202012Validator(inline(schema, doc)).iter_errors(body))
        checked += 1
        if kind == "BAD":
            if not errors:
                bad.append(f"{line.strip()}: accepted by the schema, but must not be")
        elif errors:
            e = errors[0]
            bad.append(f"{line.strip()}: {e.message[:160]} at {'/'.join(map(str, e.absolute_path))}")
    for b in bad:
        print(b)
    print(f"{checked} exchanges checked, {len(bad)} failures")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
