"""The anchor of ``benchmarks/request_cost.py``: a bare Flask + SQLAlchemy endpoint.

``GET /anchor`` checks a bearer token's SHA-256 digest against one table and reads one row, the least
an authenticated request can do. It is served exactly like the application (gunicorn, same worker
count, same database), so ``endpoint req/s / anchor req/s`` measures what the application adds.
The table ``bench_anchor_tokens`` is created and filled by the benchmark script.
Served as ``gunicorn --pythonpath benchmarks anchor:app`` with ``BENCH_ANCHOR_DATABASE_URL`` set.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os

from flask import Flask, request
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, create_engine, select

metadata = MetaData()
tokens = Table(
    "bench_anchor_tokens", metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), unique=True, nullable=False),
    Column("user_id", Integer, nullable=False),
    Column("expires_at", DateTime, nullable=False),
)

app = Flask("anchor")
engine = create_engine(os.environ.get("BENCH_ANCHOR_DATABASE_URL", "postgresql+psycopg:///perf_db"))


@app.get("/anchor")
def anchor():
    _, _, token = request.headers.get("Authorization", "").partition(" ")
    digest = hashlib.sha256(token.encode("utf-8")).hexdigest()
    with engine.connect() as conn:
        row = conn.execute(select(tokens.c.user_id, tokens.c.expires_at)
                           .where(tokens.c.token_hash == digest)).first()
    if row is None or row.expires_at < dt.datetime.now():
        return {"message": "invalid token"}, 401
    return {"user_id": row.user_id}


@app.get("/")
def index():
    return {"anchor": True}
