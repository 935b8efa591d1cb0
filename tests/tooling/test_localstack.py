"""`make run`'s launcher keeps its children alive: a worker that dies is started
again, and one that keeps dying is given up with a clear message."""

import sys

from tests.waiting import HUNG_AFTER_SECONDS
from tooling.localstack import Supervised


def test_a_child_that_dies_is_started_again(capsys):
    child = Supervised("worker", [sys.executable, "-c", "raise SystemExit(9)"], {})
    child.start()
    child.process.wait()

    assert child.keep_alive()
    assert "worker exited (code 9); starting it again" in capsys.readouterr().out
    child.stop()


def test_a_child_that_keeps_dying_is_given_up_saying_so(capsys):
    child = Supervised("worker", [sys.executable, "-c", "raise SystemExit(9)"], {})
    child.start()
    alive = []
    for _ in range(Supervised.MAX_RESTARTS + 1):
        child.process.wait()
        alive.append(child.keep_alive())

    assert alive == [True] * Supervised.MAX_RESTARTS + [False]
    assert (
        "exited (code 9) 6 times within a minute; giving up" in capsys.readouterr().out
    )


def test_make_takes_a_port_and_runs_any_management_command():
    """`PORT=8001 make run` serves on that port; `make manage CMD=…` runs a command
    against the servers the tests use."""
    import os
    import shutil
    import subprocess

    make = shutil.which("make")
    dry = subprocess.run(
        [make, "-n", "run", "PORT=8001"], capture_output=True, text=True, check=True
    )
    assert "run --addr 127.0.0.1:8001" in dry.stdout
    ran = subprocess.run(
        [make, "-s", "manage", "CMD=check"],
        capture_output=True,
        text=True,
        env=os.environ,
        timeout=HUNG_AFTER_SECONDS,
    )
    assert ran.returncode == 0, ran.stderr
    assert "System check identified no issues" in ran.stdout
