# SPDX-License-Identifier: MIT
"""Minimal harness for zonevisor system tests: boot QEMU, watch the console,
type into it, and report `ok`/`FAIL` lines with a closing count."""
import os
import re
import subprocess
import sys
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import boardinfo  # noqa: E402
# The LVZ-capable QEMU beside the repository (a CI runner's ../shared): used
# in place where it lies, since it finds its ROM files relative to itself.
SHARED_QEMU_LVZ = os.path.join("..", "shared", "qemu-lvz", "bin", "qemu-system-loongarch64")


def qemu_lvz():
    """The LVZ-capable QEMU for LoongArch guests: $QEMU_LVZ if set, else
    ../shared/qemu-lvz/bin/qemu-system-loongarch64 from the repository's root
    if it exists, else "" (the LoongArch guest tests are skipped)."""
    env = os.environ.get("QEMU_LVZ")
    if env:
        return env
    shared = os.path.normpath(os.path.join(ROOT, SHARED_QEMU_LVZ))
    return shared if os.access(shared, os.X_OK) else ""


NO_QEMU_LVZ = ("no LVZ-capable QEMU: QEMU_LVZ is not set and there is no "
               f"{SHARED_QEMU_LVZ} beside the repository; stock QEMU has no LoongArch "
               "virtualization extension")

def _arch(arch, qemu=None):
    """How an ISA's board runs: its QEMU, machine options and name, all
    from src/platform/<board>/board.mk (tools/boardinfo.py)."""
    board = boardinfo.for_arch(arch)
    facts = boardinfo.load(board)
    uart = facts.get("BOARD_UART_BASE", facts.get("BOARD_UART_PHYS"))
    return {"qemu": facts["BOARD_QEMU"] if qemu is None else qemu,
            "machine": boardinfo.machine(facts), "platform": board,
            "uart": boardinfo.to_number(uart)}  # the console UART's physical address


ARCHES = {
    "riscv64": _arch("riscv64"),
    "aarch64": _arch("aarch64"),
    # Zones need LVZ: only an LVZ-capable QEMU (qemu_lvz()) runs them.
    "loongarch64": _arch("loongarch64", qemu_lvz()),
}


class TestFailure(Exception):
    pass


def exit_stats_rx(zone=r"\S+"):
    """The exit statistics the hypervisor prints for a zone when it stops or
    restarts, one named group per class (EXIT_CLASSES)."""
    return (rf"zone {zone}: (?P<total>\d+) exits: port (?P<port>\d+) "
            r"\(firmware calls, interrupts, waits\), mmio (?P<mmio>\d+), "
            r"hypercall (?P<hypercall>\d+), other (?P<other>\d+)")


# The classes of exit_stats_rx(), in the order the hypervisor prints them.
EXIT_CLASSES = tuple(re.compile(exit_stats_rx()).groupindex)


LINE_RX = re.compile(r"[^\n]*\n|[^\n]+$")
TAG_RX = re.compile(r"\[([^\]\r\n]*)\](\+?) ")


def join_cut_lines(raw):
    """The console as each zone wrote it: a line of the focused zone that
    another writer cut ("\\r\\n" from the hypervisor) goes on under
    "[name]+ "; that part is put back on the end of the line it continues.
    A joined line still open (a prompt) moves after the lines that cut it."""
    out, last = [], {}
    for line in LINE_RX.findall(raw):
        m = TAG_RX.match(line)
        if m and m.group(2) and m.group(1) in last:
            cell = last[m.group(1)]
            if cell[0].endswith("\r\n"):
                cell[0] = cell[0][:-2]
            cell[0] += line[m.end():]
            if not cell[0].endswith("\n") and out[-1] is not cell:
                out.remove(cell)
                out.append(cell)
            continue
        cell = [line]
        if m:
            last[m.group(1)] = cell
        out.append(cell)
    return "".join(c[0] for c in out)


def console_rx(pattern):
    """The compiled pattern the harness matches. One that starts with a
    console tag (r"\\[zv\\] ...", r"\\[linux\\] ...") matches only at the start
    of a line, where the hypervisor's mux puts the tag: a zone printing
    "[zv] ..." in the middle of its own line cannot satisfy it."""
    if pattern.startswith("\\["):
        pattern = "^" + pattern
    return re.compile(pattern, re.M)


class Qemu:
    """One QEMU run; its console output accumulates in self.out, and text()
    shows it with cut lines joined (what the tests match)."""

    def __init__(self, arch, cfg_args, extra=(), qemu=None):
        a = ARCHES[arch]
        elf = os.path.join(ROOT, "build", arch, "zonevisor.elf")
        cmd = [qemu or a["qemu"], *a["machine"], "-nographic", "-kernel", elf,
               *cfg_args, *extra]
        self.cmd = cmd
        # QEMU's own complaints go to a file, not into the console the tests
        # match: shown with the command line when QEMU dies early.
        logdir = os.path.join(ROOT, "build", "test-logs")
        os.makedirs(logdir, exist_ok=True)
        self.stderr_path = os.path.join(logdir, f"qemu-stderr-{arch}-{os.getpid()}.log")
        self.stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.stderr)
        self.out = ""
        self.joined = (0, "")
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while True:
            chunk = self.proc.stdout.read1(4096)
            if not chunk:
                break
            with self.lock:
                self.out += chunk.decode("utf-8", "replace")

    def text(self):
        with self.lock:
            raw = self.out
        if self.joined[0] != len(raw):
            self.joined = (len(raw), join_cut_lines(raw))
        return self.joined[1]

    def raw(self):
        with self.lock:
            return self.out

    def expect(self, pattern, timeout=60, start=0):
        """Wait until pattern (console_rx) appears after offset start;
        return the match."""
        rx = console_rx(pattern)
        end = time.time() + timeout
        while time.time() < end:
            m = rx.search(self.text(), start)
            if m:
                return m
            if self.proc.poll() is not None:
                time.sleep(0.2)
                m = rx.search(self.text(), start)
                if m:
                    return m
                raise TestFailure(f"QEMU exited (status {self.proc.returncode}) before "
                                  f"/{pattern}/{self.died()}")
            time.sleep(0.1)
        raise TestFailure(f"timeout ({timeout}s) waiting for /{pattern}/")

    def stderr_tail(self, lines=10):
        """The last lines QEMU wrote on stderr."""
        with open(self.stderr_path, "rb") as f:
            text = f.read().decode("utf-8", "replace")
        return text.splitlines()[-lines:]

    def died(self):
        """Why QEMU stopped: its command line and the end of its stderr."""
        tail = self.stderr_tail()
        return ("\n    command: " + " ".join(self.cmd) + "\n    QEMU stderr: "
                + ("\n      ".join(tail) if tail else "(empty)"))

    def count(self, pattern, start=0):
        return len(console_rx(pattern).findall(self.text(), start))

    def send(self, s, delay=0.02):
        # Typed one byte at a time, like a person, so no UART FIFO overflows.
        for ch in s.encode():
            self.proc.stdin.write(bytes([ch]))
            self.proc.stdin.flush()
            time.sleep(delay)

    def wait_exit(self, timeout=30):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise TestFailure(f"QEMU still running after {timeout}s")

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(2)
        self.stderr.close()


def linux_shell(q, start, zone="linux"):
    """The Linux zone reaches /init and its shell after offset start; the
    offset after its prompt."""
    q.expect(rf"\[{zone}\] ZV-INIT: up", 240, start=start)
    return q.expect(rf"\[{zone}\] .*# ", 60, start=start).end()


def shell_run(q, cmd, pattern, timeout=60):
    """Type cmd at the focused zone's shell, wait for pattern after it;
    the match."""
    mark = len(q.text())
    q.send(cmd + "\r")
    return q.expect(pattern, timeout, start=mark)


def focus(q, zone, presses=1):
    """Move the console input to zone with Ctrl-], which moves it to the
    next running zone: at most 'presses' times, else TestFailure."""
    for _ in range(presses):
        mark = len(q.text())
        q.send("\x1d")
        if q.expect(r"\[zv\] input focus: (\S+)", 20, start=mark).group(1) == zone:
            return
    raise TestFailure(f"Ctrl-] never gave {zone} the input")


def build_config(arch, name, out=None):
    """Compile configs/<platform>/<name>.dts; return QEMU loader args."""
    env = dict(os.environ)
    subprocess.run(["make", "-s", f"ARCH={arch}", "config", f"CONFIG={name}"],
                   cwd=ROOT, check=True, env=env, stdout=subprocess.DEVNULL)
    with open(os.path.join(ROOT, "build", arch, "cfg", name, "qemu-args")) as f:
        return f.read().split()


def build_config_variant(arch, name, variant, edit):
    """Compile configs/<platform>/<name>.dts after edit(text); return the
    QEMU loader args. Used to derive one config per attack."""
    src = os.path.join(ROOT, "configs", ARCHES[arch]["platform"], name + ".dts")
    out = os.path.join(ROOT, "build", arch, "cfg", variant)
    os.makedirs(out, exist_ok=True)
    dts = os.path.join(out, variant + ".dts")
    with open(src) as f, open(dts, "w") as g:
        g.write(edit(f.read()))
    subprocess.run([os.path.join(ROOT, "build", "host", "zvcfg"), "-o", out,
                    "--build", os.path.join(ROOT, "build"), dts],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(out, "qemu-args")) as f:
        return f.read().split()


class Suite:
    def __init__(self, name):
        self.name = name
        self.passed = self.failed = self.skipped = 0
        self.logdir = os.path.join(ROOT, "build", "test-logs")
        os.makedirs(self.logdir, exist_ok=True)

    def ok(self, name, good, why=""):
        if good:
            self.passed += 1
            print(f"ok - {self.name}: {name}", flush=True)
        else:
            self.failed += 1
            print(f"FAIL - {self.name}: {name}{': ' + why if why else ''}", flush=True)

    def skip(self, name, why):
        self.skipped += 1
        print(f"skip - {self.name}: {name}: {why}", flush=True)

    def run(self, name, fn, *args):
        """Run one test function; it returns None or raises TestFailure."""
        try:
            fn(*args)
            self.ok(name, True)
        except TestFailure as e:
            self.ok(name, False, str(e))

    def save_log(self, name, q):
        path = os.path.join(self.logdir, f"{self.name}-{name}.log")
        with open(path, "w") as f:
            f.write(" ".join(q.cmd) + "\n" + q.raw())
            tail = q.stderr_tail(50)
            if tail:
                f.write("\n--- QEMU stderr ---\n" + "\n".join(tail) + "\n")
        return path

    def finish(self):
        print(f"{self.name}: {self.passed} passed, {self.failed} failed, "
              f"{self.skipped} skipped", flush=True)
        sys.exit(1 if self.failed else 0)
