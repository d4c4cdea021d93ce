"""Everything a process needs to serve requests or run jobs, built once from :class:`Settings`."""
from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from typing import Iterator

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.platform import tenancy
from core.platform.config import Settings
from core.platform.db import make_engine, make_session_factory
from core.platform.jobs import JobQueue, make_queue
from core.platform.services import exports as _exports  # noqa: F401  (registers the export task)
from core.engine.plugins import JurisdictionRegistry


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    registry: JurisdictionRegistry
    queue: JobQueue = field(init=False)
    pid: int = field(default_factory=os.getpid)

    @classmethod
    def build(cls, settings: Settings, registry: JurisdictionRegistry | None = None) -> "Runtime":
        engine = make_engine(settings.database_url)
        runtime = cls(settings=settings, engine=engine,
                      session_factory=tenancy.install(make_session_factory(engine)),
                      registry=registry or JurisdictionRegistry.discover())
        runtime.queue = make_queue(runtime)
        return runtime

    @contextlib.contextmanager
    def session(self, scope: tenancy.Scope | None = None) -> Iterator[Session]:
        session = self.session_factory()
        if scope is not None:
            tenancy.set_scope(session, scope)
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def after_fork(self) -> None:
        """In a forked child (rq's work horse), drop the parent's pooled connections without closing them."""
        if self.pid != os.getpid():
            self.engine.dispose(close=False)
            self.pid = os.getpid()

    def close(self) -> None:
        self.queue.shutdown()
        self.engine.dispose()

