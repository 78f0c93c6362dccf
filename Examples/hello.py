# Register (or log in as) alice and send one request to the built-in echo
# handler, in the v2 dialect. Needs only Python 3; run `swift run besterd` first.
import json, socket, struct

def send(sock, message):
    body = json.dumps(message).encode()
    sock.sendall(struct.pack("<I", len(body)) + body)

def receive(sock):
    def exactly(count):
        data = b""
        while len(data) < count:
            chunk = sock.recv(count - len(data))
            if not chunk:
                raise ConnectionError("the server closed the connection")
            data += chunk
        return data
    (length,) = struct.unpack("<I", exactly(4))
    return json.loads(exactly(length))

credentials = {"username": "alice", "password": "correct horse"}
for command in ("register", "whoami"):  # register fails if alice exists: then just log in
    sock = socket.create_connection(("127.0.0.1", 2223))
    send(sock, {"header": {"authentication": credentials},
                "payload": {"type": "builtin", "data": {"command": {"type": command}}}})
    if receive(sock)["header"]["status"] == "good":
        break
    sock.close()

send(sock, {"header": {}, "payload": {"type": "echo", "data": {"text": "hello, bester"}, "id": "1"}})
print(receive(sock))
