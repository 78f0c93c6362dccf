#!/usr/bin/env python3
"""Broadcast: delivers a message to a list of users with sendClients.

    data {"to": ["alice", "bob"], "text": "hello"}

Every live session of alice and bob receives a delivery (messageType
receivedMessage, from the sender) with data {"text": "hello"}; the sender
gets {"delivered": [...], "undelivered": [...]}. Works with or without
envelopes.
"""

import bester_handler


def handle(request):
    data = request["data"] if bester_handler.receives_envelopes() else request
    recipients = data.get("to") if isinstance(data, dict) else None
    if not isinstance(recipients, list) or not all(isinstance(name, str) for name in recipients):
        return bester_handler.failure("data.to must be a list of usernames")
    return bester_handler.send_clients(recipients, {"text": data.get("text", "")})


if __name__ == "__main__":
    bester_handler.serve(handle)
