/// A Python handler for the tests, standard library only, whose behaviour
/// each request chooses with `data.do`. One thread per connection, any number
/// of frames per connection (so it serves both modes), envelopes unwrapped
/// when `BESTER_HANDLER_ENVELOPE` is `1`.
///
/// - `echo`: replies with the data (or the envelope, when enabled);
/// - `pid`: replies `{"pid": N}`;
/// - `setup`: replies with its arguments, working directory and `$GREETING`;
/// - `crash`: the process exits at once, mid-request;
/// - `hang`: never answers;
/// - `garbage`: replies with a body that is not JSON;
/// - `shape`: replies with JSON that is not a handler reply;
/// - `badframe`: replies with an empty frame (length 0);
/// - `close`: closes the connection without replying;
/// - `twice`: replies twice to the one request.
let testHandlerScript = #"""
#!/usr/bin/env python3
import json, os, socket, struct, sys, threading

path = os.environ["BESTER_SOCKET_PATH"]
envelopes = os.environ.get("BESTER_HANDLER_ENVELOPE") == "1"
if os.path.exists(path):
    os.unlink(path)
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
server.listen(64)

def exactly(connection, count):
    data = b""
    while len(data) < count:
        chunk = connection.recv(count - len(data))
        if not chunk:
            return None
        data += chunk
    return data

def frame(body):
    return struct.pack("<I", len(body)) + body

def send(connection, body):
    connection.sendall(frame(body))

def framed_reply(data):
    return frame(json.dumps({"header": {"status": "0", "command": "reply"}, "payload": {"data": data}}).encode())

def reply(connection, data):
    connection.sendall(framed_reply(data))

def serve(connection):
    with connection:
        while True:
            header = exactly(connection, 4)
            if header is None:
                return
            message = json.loads(exactly(connection, struct.unpack("<I", header)[0]))
            data = message["data"] if envelopes else message
            action = data.get("do") if isinstance(data, dict) else None
            if action == "crash":
                os._exit(3)
            elif action == "hang":
                threading.Event().wait()
            elif action == "garbage":
                send(connection, b"this is not json")
            elif action == "shape":
                send(connection, b'{"header":{"status":0,"command":"reply"},"payload":{"data":1}}')
            elif action == "badframe":
                connection.sendall(b"\x00\x00\x00\x00")
            elif action == "close":
                return
            elif action == "twice":
                # One write, so that both replies arrive before any later request.
                connection.sendall(framed_reply(data) + framed_reply({"stale": True}))
            elif action == "pid":
                reply(connection, {"pid": os.getpid()})
            elif action == "setup":
                reply(connection, {"arguments": sys.argv[1:], "directory": os.getcwd(), "greeting": os.environ.get("GREETING")})
            else:
                reply(connection, message)

while True:
    connection, _ = server.accept()
    threading.Thread(target=serve, args=(connection,), daemon=True).start()
"""#
