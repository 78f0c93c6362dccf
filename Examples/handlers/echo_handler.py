#!/usr/bin/env python3
"""Echo: answers the sender with the data it sent.

    {"payload": {"type": "pyecho", "data": {"text": "hi"}}}  ->  response data {"text": "hi"}

With envelopes on, it answers with the envelope itself, which shows what a
handler learns about the sender.
"""

import bester_handler


def handle(request):
    return bester_handler.reply(request)


if __name__ == "__main__":
    bester_handler.serve(handle)
