#!/usr/bin/env python3
"""Forward: stamps the data and passes it on to another handler with sendHandler.

The next handler's type is $FORWARD_TO (default "echo", the built-in echo).
The data goes on as {"forwardedBy": "<this handler's type>", "original": DATA},
and whatever the next handler answers is what the sender gets.
"""

import os

import bester_handler

NEXT = os.environ.get("FORWARD_TO", "echo")
ME = os.environ.get("BESTER_HANDLER_TYPE", "forward")


def handle(request):
    return bester_handler.send_handler(NEXT, {"forwardedBy": ME, "original": request})


if __name__ == "__main__":
    bester_handler.serve(handle)
