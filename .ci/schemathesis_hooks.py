"""Schemathesis hooks for .ci/schemathesis.py (loaded through SCHEMATHESIS_HOOKS).

A client sends a new ``Idempotency-Key`` with each new request; schemathesis would reuse one value
for different bodies, which the API rightly refuses (422 ``idempotency_key_reused``, as the IETF
draft on the header asks). So every well-formed generated key is replaced by a fresh one; a
malformed key (the negative tests) is left as generated, to be refused.
"""
from __future__ import annotations

import re
import uuid

import schemathesis

WELL_FORMED = re.compile(r"^[\x21-\x7e]{1,255}$")


@schemathesis.hook
def map_headers(context, headers):  # noqa: ANN001, ANN201 - schemathesis' hook signature
    if headers:
        key = headers.get("Idempotency-Key")
        if isinstance(key, str) and WELL_FORMED.match(key):
            headers["Idempotency-Key"] = uuid.uuid4().hex
    return headers
