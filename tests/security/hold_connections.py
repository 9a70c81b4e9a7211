# Opens N connections from one local address to the server, each sending request headers it
# never finishes, waits a second, and prints how many the server still holds and how many
# it closed; then keeps them open STAY seconds more (for a probe meanwhile).
#   hold_connections.py PORT ADDRESS N [STAY]
import socket, sys, time

port, address, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
stay = float(sys.argv[4]) if len(sys.argv) > 4 else 0
held, closed = [], 0
for i in range(n):
    s = socket.socket(); s.bind((address, 0)); s.connect(("127.0.0.1", port))
    s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")  # headers never finished
    held.append(s)
time.sleep(1.0)
for s in held:
    s.setblocking(False)
    try:
        if s.recv(1) == b"":
            closed += 1
    except BlockingIOError:
        pass
    except OSError:
        closed += 1
print(len(held) - closed, closed, flush=True)
time.sleep(stay)
