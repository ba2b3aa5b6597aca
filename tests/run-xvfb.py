#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""run-xvfb.py CMD [ARGS...]

Runs CMD on an X display of its own: a fresh Xvfb (1280x1024, 24 bits) that picks a free
display number itself (-displayfd, so tests started together never race for one, as
`xvfb-run -a` does), stopped when CMD ends. The UI tests go through it, so meson can run
them in parallel: each has its own screen, its own focus and its own pointer.

Without Xvfb on the PATH, CMD runs on the $DISPLAY it was given.
Exit status: CMD's; 1 when Xvfb would not start.
"""
import os, shutil, signal, subprocess, sys, tempfile


def main():
    cmd = sys.argv[1:]
    if not cmd:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        return subprocess.call(cmd)

    r, w = os.pipe()
    log = tempfile.TemporaryFile()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(w), "-screen", "0", "1280x1024x24", "-nolisten", "tcp",
         "-noreset"],
        pass_fds=(w,), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=log, start_new_session=True)
    os.close(w)
    number = b""
    with os.fdopen(r, "rb") as f:
        while not number.endswith(b"\n"):
            chunk = f.read(1)
            if not chunk:
                break
            number += chunk
    number = number.strip().decode()
    if not number.isdigit():
        server.kill()
        server.wait()
        log.seek(0)
        err = log.read().decode(errors="replace")
        print(f"run-xvfb: Xvfb did not start:\n{err}", file=sys.stderr)
        return 1

    env = dict(os.environ, DISPLAY=":" + number)
    child = subprocess.Popen(cmd, env=env)

    def forward(signum, frame):
        child.send_signal(signum)

    # meson stops a test that ran out of time with SIGTERM: pass it on, then clean up.
    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, forward)
    try:
        status = child.wait()
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    if status < 0:
        # Died of a signal (SIGTRAP from a fatal critical, SIGSEGV...): die of the same one,
        # so meson reports it as it would for the test run directly.
        signal.signal(-status, signal.SIG_DFL)
        os.kill(os.getpid(), -status)
    return status


if __name__ == "__main__":
    sys.exit(main())
