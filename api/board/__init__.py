"""The public notice board (公示栏): server-rendered pages in Chinese at ``/public/<tenant code>/``.

Anyone reads a quality office's notices and their lists, files an objection (异议) through a plain
HTML form, and reads its outcome with the receipt given at filing; no login and no JavaScript. The
board publishes what a notice publishes (names, tiers, categories, kinds, period, article, outcome)
and nothing else: never facts, scores, attachments, application ids or objections.

A plain Flask blueprint registered on the app, not on the flask-smorest Api: the pages are not part of
the OpenAPI document (the JSON side of the board is ``/api/v1/public/...``).
"""
from api.board.routes import board

__all__ = ["board"]
