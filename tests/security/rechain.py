# The attack checkpoints answer: with the store in hand, rewrite one event's payload, then
# recompute every hash after it and the recorded head, so the chain verifies again.
#   rechain.py STORE.gpkg|PG:CONNINFO SEQ OLD NEW   (SHA-256 stores; the framing of ledger/ledger.c)
# On PostgreSQL the append-only triggers are switched off for the rewrite and on again after
# it, through psql (the server's own client tools; no Python driver needed).
import glob, hashlib, json, sqlite3, subprocess, sys

path, seq, old, new = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
COLS = "seq, recorded, effective, actor, type, subject, reason, source_doc, payload, prev_hash"


def rechained(rows):
    """(payload, prev_hash, hash, seq) for every event, the one at seq rewritten"""
    out, prev = [], None
    for r in rows:
        s, rec, eff, actor, typ, subj, reason, doc, payload, prev_hash = r
        if s == seq:
            assert old in payload, "the text to replace is not in the event"
            payload = payload.replace(old, new)
        if prev is not None:
            prev_hash = prev
        m = hashlib.sha256()
        for v in (prev_hash, str(s), rec, eff, actor, typ, subj, reason, doc, payload):
            b = v.encode()
            m.update(f"{len(b)}:".encode() + b)
        prev = m.hexdigest()
        out.append((payload, prev_hash, prev, s))
    return out, f"{rows[-1][0]}:{prev}"


if path.startswith("PG:"):
    psql = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))[-1]
    conn = path[3:]
    q = f"SELECT json_agg(json_build_array({COLS}) ORDER BY seq) FROM ledger_event"
    rows = json.loads(subprocess.run([psql, "-X", "-At", conn, "-c", q], check=True,
                                     capture_output=True, text=True).stdout)
    updates, head = rechained(rows)
    lit = lambda v: "$lsq$" + v + "$lsq$"
    script = ["BEGIN;", "ALTER TABLE ledger_event DISABLE TRIGGER USER;"]
    for payload, prev_hash, h, s in updates:
        script.append(f"UPDATE ledger_event SET payload = {lit(payload)}, prev_hash = {lit(prev_hash)}, "
                      f"hash = {lit(h)} WHERE seq = {s};")
    script += [f"UPDATE ls_meta SET value = {lit(head)} WHERE key = 'ledger_head';",
               "ALTER TABLE ledger_event ENABLE TRIGGER USER;", "COMMIT;"]
    subprocess.run([psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", conn], input="\n".join(script),
                   check=True, text=True)
else:
    db = sqlite3.connect(path)
    for t in ("ledger_event_no_update", "ledger_event_no_delete"):
        db.execute(f"DROP TRIGGER IF EXISTS {t}")
    rows = db.execute(f"SELECT {COLS} FROM ledger_event ORDER BY seq").fetchall()
    updates, head = rechained(rows)
    db.executemany("UPDATE ledger_event SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?", updates)
    db.execute("UPDATE ls_meta SET value = ? WHERE key = 'ledger_head'", (head,))
    db.commit()
