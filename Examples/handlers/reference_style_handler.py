#!/usr/bin/env python3
"""A handler written the way handlers for the reference daemon were: no helper
library, one connection at a time, one frame in and one frame out per
connection, and the reference daemon's reply shape (header.command as an
object {type, data}, the data at the top level). It works unchanged with
besterd in per-message mode.

It answers {"upper": TEXT} for data {"text": TEXT}, and with data
{"to": [USERS], "text": TEXT} it sends {"text": TEXT} to those users.
"""

import json
import os
import socket
import struct
import sys

path = sys.argv[1] if len(sys.argv) > 1 else os.environ["BESTER_SOCKET_PATH"]
if os.path.exists(path):
    os.unlink(path)
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
server.listen(16)


def receive_exactly(connection, count):
    data = b""
    while len(data) < count:
        chunk = connection.recv(count - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


while True:
    connection, _ = server.accept()
    try:
        length = struct.unpack("<I", receive_exactly(connection, 4))[0]
        data = json.loads(receive_exactly(connection, length))
        if isinstance(data, dict) and "to" in data:
            answer = {"header": {"status": "0", "command": {"type": "sendClients", "data": data["to"]}},
                      "data": {"text": data.get("text", "")}}
        else:
            text = data.get("text", "") if isinstance(data, dict) else ""
            answer = {"header": {"status": "0", "command": {"type": "reply"}}, "data": {"upper": text.upper()}}
        body = json.dumps(answer).encode()
        connection.sendall(struct.pack("<I", len(body)) + body)
    except (EOFError, ValueError, OSError):
        pass
    finally:
        connection.close()
