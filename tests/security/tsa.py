# A local RFC 3161 time-stamping authority for tests: an HTTP server whose replies are made
# by OpenSSL's own TSA (`openssl ts -reply`), a second implementation beside ours.
#   tsa.py DIR   (DIR holds tsa.cnf; prints the port, then serves until killed)
# POST /        a reply to the request
# POST /garbage bytes that are no TimeStampResp
# POST /replay  the first reply this server made, whatever was asked (wrong nonce, imprint)
# POST /refuse  HTTP 500
import http.server, os, subprocess, sys, tempfile

d = sys.argv[1]
first = []


class TSA(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        q = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path == "/refuse":
            self.send_response(500)
            self.end_headers()
            return
        if self.path == "/garbage":
            body = b"\x30\x03not a reply"
        elif self.path == "/replay" and first:
            body = first[0]
        else:
            with tempfile.TemporaryDirectory(dir=d) as t:
                open(f"{t}/q.tsq", "wb").write(q)
                subprocess.run(["openssl", "ts", "-reply", "-config", f"{d}/tsa.cnf", "-queryfile",
                                f"{t}/q.tsq", "-out", f"{t}/r.tsr"], check=True, capture_output=True)
                body = open(f"{t}/r.tsr", "rb").read()
            if not first:
                first.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


s = http.server.HTTPServer(("127.0.0.1", 0), TSA)
print(s.server_address[1], flush=True)
s.serve_forever()
