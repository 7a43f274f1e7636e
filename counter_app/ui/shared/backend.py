"""What every screen is handed: the services bound to (database, actor, clock), the
operations runner that keeps database work off the GUI thread, and the hall watchers.

A screen never calls a use case on the GUI thread: it asks
``backend.run(queue.call_next, counter_id, done=...)``; the actor is put first and, when
a clock was injected (tests, a training hall), the use case's ``now`` is taken from it.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Hashable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject

from counter_app.errors import UserError
from counter_app.services.access import Actor
from counter_app.ui.shared.hall_watchers import HallWatchers
from counter_app.ui.shared.operations import Operations

if TYPE_CHECKING:  # the type only: ui reaches the database through services
    from counter_app.db.engine import Database

T = TypeVar("T")
Clock = Callable[[], datetime]


@functools.cache
def _takes_now(function: Callable[..., Any]) -> bool:
    return "now" in inspect.signature(function).parameters


class Backend(QObject):
    """One per window (or per display or kiosk): its screens share the runner and the
    watchers, so a hall is watched once however many screens show it."""

    def __init__(self, actor: Actor, *, clock: Clock | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.clock = clock
        self.operations = Operations(self, name=f"database of {actor.username}")
        self.watchers = HallWatchers(actor.database, self)

    @property
    def database(self) -> Database:
        return self.actor.database

    def now(self) -> datetime:
        """The hall's time for screens (countdowns, the display's clock): the injected clock,
        else the server's clock as last measured (no round trip on the GUI thread)."""
        return self.clock() if self.clock is not None else self.database.clock.estimate()

    def bind(self, use_case: Callable[..., T], *args: Any, **kwargs: Any) -> Callable[[], T]:
        """``use_case`` with the actor first, and ``now`` from an injected clock."""
        if self.clock is not None and _takes_now(use_case) and "now" not in kwargs:
            kwargs["now"] = self.clock()
        return functools.partial(use_case, self.actor, *args, **kwargs)

    def run(
        self,
        use_case: Callable[..., T],
        *args: Any,
        done: Callable[[T], None] | None = None,
        failed: Callable[[UserError], None] | None = None,
        key: Hashable | None = None,
        owner: QObject | None = None,
        urgent: bool = False,
        **kwargs: Any,
    ) -> None:
        """Run the use case on the worker; ``done`` or ``failed`` on the GUI thread
        (``urgent``: a user's action, before the reads waiting)."""
        self.operations.run(
            self.bind(use_case, *args, **kwargs), done=done, failed=failed, key=key, owner=owner,
            label=getattr(use_case, "__name__", ""), urgent=urgent,
        )

    def run_work(
        self,
        work: Callable[[], T],
        *,
        done: Callable[[T], None] | None = None,
        failed: Callable[[UserError], None] | None = None,
        key: Hashable | None = None,
        owner: QObject | None = None,
    ) -> None:
        """Run any database work (several use cases in a row, a PDF to render) on the worker."""
        self.operations.run(work, done=done, failed=failed, key=key, owner=owner)

    def stop(self, *, drain: bool = False) -> None:
        """Stop watching and end the worker (waits for the operation running, if any;
        ``drain``: for the queued ones too, such as signing out on the way out)."""
        self.watchers.stop()
        self.operations.stop(drain=drain)
