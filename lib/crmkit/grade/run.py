"""Run submitted notebooks, each in a fresh kernel in its own temporary folder.

:func:`run_all` executes every submission top to bottom (a few at a time) and
returns one :class:`Run` per notebook: how far it got and the answers its
``ck.check`` calls wrote down (see :mod:`crmkit.exercises.answers`).  Nothing
here decides what is right: :mod:`crmkit.grade.report` checks the answers again.

What the run does to a submission:

* a **fresh kernel** (the ``python3`` kernel of the grader's own Python) whose
  working folder is a new temporary folder, deleted afterwards; relative paths
  the notebook writes land there (an absolute path reaches wherever the
  instructor's account can write: the grader writes its results only after all
  runs, and warns if the data folder changed);
* a **time limit** per notebook and per cell: a cell still running at either
  limit stops the run ("timed out at cell N"); the answers checked before count;
* a **failing cell** is noted ("crashed at cell N", the first one) and the run
  goes on with the next cell, as nbgrader does, so one broken cell does not
  cost the exercises after it; a dead kernel ends the run; cells tagged
  ``raises-exception`` may fail;
* **no network**, as far as a notebook can be stopped without an operating-system
  sandbox: the kernel starts without proxy settings, and before the first cell
  Python's sockets refuse every address but this computer's own (so
  ``urllib``, ``requests`` and ``pd.read_csv("https://...")`` fail).  Shell
  commands (``!pip install``) run in their own process, outside that guard, and
  a notebook written to get around it can; for a real guarantee run the grader
  on a machine or in a container without network.  On Linux and macOS the
  kernel talks to the grader over Unix sockets in the submission's folder, not
  over TCP ports;
* matplotlib draws without showing (``MPLBACKEND=agg``): charts cost less time.
"""

from __future__ import annotations

import asyncio
import os
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from crmkit.exercises import answers, engine

__all__ = ["Run", "exercise_ids", "language_of", "read_notebook", "run_all"]

#: proxy settings a kernel does not get
_PROXIES = {"http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "no_proxy", "socks_proxy"}

# Run before the notebook's first cell: Python sockets reach only this computer.
_OFFLINE = '''
def _crmkit_grader_offline():
    import socket
    local = {"127.0.0.1", "::1", "localhost", "0.0.0.0"}
    def refuse(host):
        raise OSError(f"no network while the notebook is graded (tried {host!r})")
    def guard(real):
        def call(self, address, *args, **kwargs):
            host = address[0] if isinstance(address, tuple) and address else None
            if self.family in (socket.AF_INET, socket.AF_INET6) and str(host) not in local:
                refuse(host)
            return real(self, address, *args, **kwargs)
        return call
    socket.socket.connect = guard(socket.socket.connect)
    socket.socket.connect_ex = guard(socket.socket.connect_ex)
    real_getaddrinfo = socket.getaddrinfo
    def getaddrinfo(host, *args, **kwargs):
        if host is not None and str(host) not in local:
            refuse(host)
        return real_getaddrinfo(host, *args, **kwargs)
    socket.getaddrinfo = getaddrinfo
_crmkit_grader_offline()
del _crmkit_grader_offline
'''

_QUOTED_ID = re.compile(r"""["'](c?\d\d\.[a-z][a-z0-9_]*)["']""")
_SET_LANGUAGE = re.compile(r"""set_language\(\s*["'](\w+)["']""")


@dataclass
class Run:
    """One submission after its run.

    ``status`` is ``"ok"``, ``"timed out at cell N"``, ``"crashed at cell N"``,
    ``"not a workbook notebook"`` or ``"invalid file"`` (N counts every cell,
    markdown too, from 1).  ``stopped_at`` is the cell the run ended at (None
    when it ran to the end); ``error`` the first error met; ``records`` the
    answers ``ck.check`` wrote down, in order; ``exercises`` the ids of the
    notebook's chapter or case; ``check_cells`` the cell where each exercise is
    checked (to tell "not reached" from "not done").
    """

    student: str
    path: Path
    status: str = "ok"
    exercises: list[str] = field(default_factory=list)
    check_cells: dict[str, int] = field(default_factory=dict)
    records: list[dict] = field(default_factory=list)
    language: str = "en"
    stopped_at: int | None = None
    error: str = ""  # the first failing cell's error, e.g. "NameError: name 'x' is not defined"
    seconds: float = 0.0

    @property
    def chapter(self) -> str:
        """The chapter or case code of the notebook ("04", "c01"); "" if none."""
        return self.exercises[0].split(".")[0] if self.exercises else ""


def read_notebook(path: Path) -> nbformat.NotebookNode | None:
    """The notebook in ``path``; None if it is not a readable notebook file."""
    try:
        notebook = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    except Exception:  # noqa: BLE001 - not JSON, not UTF-8, not a notebook: all "invalid"
        return None
    if not isinstance(notebook.get("cells"), list) or not all(
            isinstance(c, dict) and isinstance(c.get("source", ""), str)
            for c in notebook.cells):
        return None
    return notebook


def exercise_ids(notebook: nbformat.NotebookNode) -> tuple[list[str], dict[str, int]]:
    """The exercise ids of the notebook's chapter and the cell number checking each.

    The chapter (or case) is the one whose registered ids the code cells quote
    most often; every registered exercise of it counts, also those whose cells
    a student deleted.  No registered id at all: not a workbook notebook.
    """
    mentions: Counter[str] = Counter()
    cells: dict[str, int] = {}
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.get("cell_type") != "code":
            continue
        for exercise_id in _QUOTED_ID.findall(cell.get("source", "")):
            chapter = exercise_id.split(".")[0]
            if exercise_id in engine.registered(chapter):
                mentions[chapter] += 1
                cells.setdefault(exercise_id, number)
    if not mentions:
        return [], {}
    chapter = mentions.most_common(1)[0][0]
    ids = engine.registered(chapter)
    return ids, {i: n for i, n in cells.items() if i in ids}


def language_of(notebook: nbformat.NotebookNode, records: Sequence[dict]) -> str:
    """The language the student worked in: of the last ``ck.check``, else of the edition."""
    for entry in reversed(records):
        if entry.get("language") in ("en", "zh"):
            return entry["language"]
    if "zh_edition" in notebook.get("metadata", {}):
        return "zh"
    found = "en"
    for cell in notebook.cells:
        if cell.get("cell_type") == "code":
            for language in _SET_LANGUAGE.findall(cell.get("source", "")):
                found = language if language in ("en", "zh") else found
    return found


def _kernel_env(record_file: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k.lower() not in _PROXIES}
    env[answers.ENV] = str(record_file)
    env["MPLBACKEND"] = "agg"
    return env


async def _execute(run: Run, notebook: nbformat.NotebookNode, folder: Path, *,
                   timeout: float, cell_timeout: float) -> None:
    """Run ``notebook`` in ``folder``, setting ``run.status`` and ``run.stopped_at``."""
    deadline = time.monotonic() + timeout
    client = NotebookClient(notebook, timeout=int(cell_timeout), kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}},
                            shutdown_kernel="immediate", startup_timeout=60)
    client.reset_execution_trackers()
    if os.name == "posix":  # Unix sockets in the submission's folder: no TCP port at all
        client.create_kernel_manager()
        client.km.transport = "ipc"
        client.km.ip = str(folder / "kernel")
    first_error = None
    number = 0
    try:
        async with client.async_setup_kernel(env=_kernel_env(folder / "answers.jsonl")):
            msg_id = client.kc.execute(_OFFLINE, silent=True, store_history=False)
            await client.async_wait_for_reply(msg_id)
            for number, cell in enumerate(notebook.cells, start=1):
                if cell.get("cell_type") != "code":
                    continue
                left = deadline - time.monotonic()
                if left < 1:
                    run.status, run.stopped_at = f"timed out at cell {number}", number
                    return
                client.timeout = max(1, int(min(cell_timeout, left)))
                try:
                    await client.async_execute_cell(cell, number - 1)
                except CellExecutionError as err:
                    if first_error is None:
                        first_error = number
                        run.error = f"{err.ename}: {err.evalue}"[:300]
                finally:
                    cell.outputs = []  # the grader reads answers, not outputs
    except CellTimeoutError:
        run.status, run.stopped_at = f"timed out at cell {number}", number
        return
    except DeadKernelError:
        run.status, run.stopped_at = f"crashed at cell {number}", number
        run.error = "the kernel died (out of memory, or the notebook ended Python)"
        return
    except Exception as err:  # noqa: BLE001 - one submission must never stop the class
        run.status, run.stopped_at = f"crashed at cell {number}", number
        run.error = f"{type(err).__name__}: {err}"[:300]
        return
    if first_error:
        run.status = f"crashed at cell {first_error}"


async def _grade_one(path: Path, student: str, limit: asyncio.Semaphore, *, timeout: float,
                     cell_timeout: float) -> Run:
    run = Run(student=student, path=path)
    notebook = read_notebook(path)
    if notebook is None:
        run.status = "invalid file"
        return run
    run.exercises, run.check_cells = exercise_ids(notebook)
    if not run.exercises:
        run.status = "not a workbook notebook"
        run.language = language_of(notebook, [])
        return run
    async with limit:
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="crmkit-grade-") as folder:
            await _execute(run, notebook, Path(folder), timeout=timeout,
                           cell_timeout=cell_timeout)
            run.records = answers.read(Path(folder) / "answers.jsonl")
        run.seconds = time.monotonic() - started
    run.language = language_of(notebook, run.records)
    return run


async def _run_all(submissions: Sequence[tuple[Path, str]], *, timeout: float,
                   cell_timeout: float, workers: int,
                   progress: Callable[[Run], None] | None) -> list[Run]:
    limit = asyncio.Semaphore(workers)

    async def one(path: Path, student: str) -> Run:
        run = await _grade_one(path, student, limit, timeout=timeout,
                               cell_timeout=cell_timeout)
        if progress is not None:
            progress(run)
        return run

    return list(await asyncio.gather(*(one(p, s) for p, s in submissions)))


def run_all(submissions: Sequence[tuple[Path, str]], *, timeout: float = 180,
            cell_timeout: float = 60, workers: int = 2,
            progress: Callable[[Run], None] | None = None) -> list[Run]:
    """Run every ``(path, student)`` submission, ``workers`` at a time; one :class:`Run` each.

    Works from a script and from inside a notebook (where an event loop is
    already running: the runs then happen in a helper thread).
    """
    def work() -> list[Run]:
        return asyncio.run(_run_all(submissions, timeout=timeout, cell_timeout=cell_timeout,
                                    workers=workers, progress=progress))

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(work).result()
