"""Helpers for writing a Bester message handler in Python 3 (standard library only).

A handler is a program listening on a Unix domain socket. For each message of
its type, besterd sends one frame whose body is the message's data (or an
envelope, when configured) and reads one frame back: a reply saying what to
do with the result. A frame is a 4-byte little-endian length and a JSON body.
See Docs/handlers.md.

    import bester_handler

    def handle(data):
        return bester_handler.reply(data)

    bester_handler.serve(handle)

serve() answers every connection in its own thread, any number of frames per
connection, so the same handler works in both of besterd's modes: per-message
(one frame, then the connection closes) and persistent (many frames, answered
in order).
"""

import json
import os
import signal
import socket
import struct
import sys
import threading

_LENGTH = struct.Struct("<I")


def read_frame(connection):
    """The next frame's body as bytes, or None when the peer has closed."""
    header = _read_exactly(connection, 4)
    if header is None:
        return None
    (length,) = _LENGTH.unpack(header)
    body = _read_exactly(connection, length)
    if body is None:
        raise EOFError("connection closed inside a frame")
    return body


def write_frame(connection, body):
    """Sends one frame holding `body` (bytes)."""
    connection.sendall(_LENGTH.pack(len(body)) + body)


def _read_exactly(connection, count):
    chunks = []
    while count > 0:
        chunk = connection.recv(min(count, 65536))
        if not chunk:
            if chunks:
                raise EOFError("connection closed inside a frame")
            return None
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


# Replies, in the specification's shape: header.status, header.command,
# header.commandData, payload{type, data}.

def reply(data, status="0"):
    """Answer the sender with `data`. A status other than "0"/"ok" is a failure."""
    return {"header": {"status": status, "command": "reply"}, "payload": {"data": data}}


def send_clients(usernames, data, type=None):
    """Deliver `data` to every session of each user; the sender learns who was reached."""
    payload = {"data": data}
    if type:
        payload["type"] = type
    return {"header": {"status": "0", "command": "sendClients", "commandData": list(usernames)}, "payload": payload}


def send_handler(handler_type, data):
    """Pass `data` on to the handler of `handler_type`; its reply decides what happens."""
    return {"header": {"status": "0", "command": "sendHandler", "commandData": handler_type}, "payload": {"data": data}}


def failure(reason, status="1"):
    """Tell the sender the request failed (it gets handlerFailed with this data)."""
    return reply({"error": reason}, status=status)


def socket_path():
    """The socket to listen on: the first argument, or $BESTER_SOCKET_PATH (set by besterd)."""
    if len(sys.argv) > 1:
        return sys.argv[1]
    path = os.environ.get("BESTER_SOCKET_PATH")
    if not path:
        sys.exit("usage: %s SOCKET_PATH (or set BESTER_SOCKET_PATH)" % sys.argv[0])
    return path


def receives_envelopes():
    """True when besterd sends envelopes {sender, id, type, data, dialect} ($BESTER_HANDLER_ENVELOPE=1)."""
    return os.environ.get("BESTER_HANDLER_ENVELOPE") == "1"


def serve(handle, path=None):
    """Listens on `path` and answers each frame with handle(request).

    `request` is the message's data, or the envelope when besterd sends
    envelopes. `handle` returns a reply (reply(), send_clients(), ...); an
    exception becomes a failure reply naming it. Runs until SIGTERM or SIGINT.
    """
    path = path or socket_path()
    if os.path.exists(path):
        os.unlink(path)  # left by an earlier run
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(128)
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(0))
    try:
        while True:
            connection, _ = listener.accept()
            threading.Thread(target=_answer, args=(connection, handle), daemon=True).start()
    except KeyboardInterrupt:
        pass
    finally:
        listener.close()
        if os.path.exists(path):
            os.unlink(path)


def _answer(connection, handle):
    with connection:
        try:
            while True:
                body = read_frame(connection)
                if body is None:
                    return
                try:
                    answer = handle(json.loads(body))
                except Exception as error:  # the sender learns what went wrong
                    answer = failure("%s: %s" % (type(error).__name__, error))
                write_frame(connection, json.dumps(answer, separators=(",", ":")).encode())
        except (EOFError, OSError):
            return
