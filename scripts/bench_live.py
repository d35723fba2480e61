"""The live preview and `contracts check` against a full build of the same tree, in one run (used by
bench.py).

- Serve rebuild: `mkdocs serve --dirty` (what `make serve` runs) on the tree; once the first build is served,
  one payload schema gets a new field description, and the time from that file save until the server hands
  out the event page showing it is measured (polling every 50 ms), for several edits in a row.
- Check: cold `contracts check` of the tree in a fresh process, CPU time from wait4, like the builds.
Both are set against a full `mkdocs build` of the same tree measured in the same run.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

BEGIN, END = "<!-- bench-live:begin -->", "<!-- bench-live:end -->"
CHECK = (
    "import sys; from contract_catalog.cli.main import main; "
    "code = main(sys.argv[1:]); sys.exit(0 if code in (0, 1) else code)"
)  # findings are not a failure here


@dataclass
class LiveResult:
    events: int
    build_wall: float = 0.0
    build_cpu: float = 0.0
    first_serve: float = 0.0  # from starting the server to the first page served
    rebuilds: list[float] = field(default_factory=list)  # file save -> changed page served, seconds
    rebuild_cpu: list[float] = field(default_factory=list)  # CPU time the server spent meanwhile
    check_wall: list[float] = field(default_factory=list)
    check_cpu: list[float] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(condition, seconds: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def edited_schema(project: Path) -> tuple[Path, str, str]:
    """A payload schema of the tree, its event page's URL path, and its first plain field's name."""
    schemas = sorted((project / "contracts").glob("*/schema/payloads/*.json"))
    schema = schemas[min(7, len(schemas) - 1)]
    data = json.loads(schema.read_text(encoding="utf-8"))
    name = next(
        n
        for n, value in sorted(data["properties"].items())
        if isinstance(value, dict) and "$ref" not in value
    )
    return schema, f"events/{schema.name.rsplit('-v', 1)[0]}/", name


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process so far (Linux /proc): the machine is shared, this is
    not."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve_rebuilds(
    project: Path, log: Path, env: dict[str, str], edits: int
) -> tuple[float, list[float], list[float]]:
    """Start `mkdocs serve --dirty`, edit one payload schema `edits` times, time each edit until it is served
    (wall time, and the CPU time the server spent meanwhile)."""
    port = free_port()
    schema, page, name = edited_schema(project)
    original = schema.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}/{page}"
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--dirty",
        "--dev-addr",
        f"127.0.0.1:{port}",
        "-f",
        str(project / "mkdocs.yml"),
    ]
    started = time.perf_counter()
    with log.open("wb") as output:
        server = subprocess.Popen(command, cwd=project, stdout=output, stderr=subprocess.STDOUT, env=env)
        try:
            if not wait_for(lambda: fetch(url) is not None, 3600, step=0.5):
                raise SystemExit(f"mkdocs serve never served {url}; see {log}")
            first = time.perf_counter() - started
            times, cpu = [], []
            for number in range(edits):
                marker = f"preview-edit-{number}-{time.time_ns()}"
                data = json.loads(original)
                data["properties"][name]["description"] = f"Edited for the benchmark: {marker}"
                cpu_before = cpu_seconds(server.pid)
                schema.write_text(json.dumps(data, indent=2), encoding="utf-8")
                saved = time.perf_counter()
                if not wait_for(lambda m=marker: m in (fetch(url) or ""), 1800):
                    raise SystemExit(f"the edit never reached {url}; see {log}")
                times.append(time.perf_counter() - saved)
                cpu.append(cpu_seconds(server.pid) - cpu_before)
                time.sleep(1)  # let the server settle before the next edit
        finally:
            schema.write_text(original, encoding="utf-8")
            server.terminate()
            server.wait(timeout=60)
    return first, times, cpu


def check_command(project: Path) -> list[str]:
    return [sys.executable, "-c", CHECK, "check", "--config-file", str(project / "mkdocs.yml")]


def live_section(results: list[LiveResult], when: str, load: str) -> str:
    lines = [
        BEGIN,
        "",
        "## Live preview and `contracts check` (issue 22, one benchmark run)",
        "",
        f"- Date: {when}; load average at the end {load}",
        (
            "- Serve: `mkdocs serve --dirty` (what `make serve` runs); one payload schema's field "
            "description edited, time from the file save until the server returns the event page showing "
            "the edit (polled every 50 ms)"
        ),
        "- Check: cold `contracts check` in a fresh process; build: `mkdocs build` of the same tree",
        "",
        (
            "| Events | Full build wall s | Build CPU s | Serve rebuild wall s (median) | Rebuild / build "
            "(wall) | Rebuild CPU s (median) | Rebuild / build (CPU) | All rebuilds wall s | First serve s "
            "| Check CPU s | Check / build (CPU) |"
        ),
        "|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for r in results:
        rebuild = statistics.median(r.rebuilds) if r.rebuilds else None
        rebuild_cpu = statistics.median(r.rebuild_cpu) if r.rebuild_cpu else None
        check = statistics.median(r.check_cpu) if r.check_cpu else None
        lines.append(
            f"| {r.events:,} | {r.build_wall:.1f} | {r.build_cpu:.1f} | "
            + (
                f"{rebuild:.1f} | {rebuild / r.build_wall:.3f} | {rebuild_cpu:.1f} | "
                f"{rebuild_cpu / r.build_cpu:.3f} | {', '.join(f'{t:.1f}' for t in r.rebuilds)} | "
                f"{r.first_serve:.1f} | "
                if rebuild is not None
                else "- | - | - | - | - | - | "
            )
            + (f"{check:.1f} | {check / r.build_cpu:.2f} |" if check is not None else "- | - |")
        )
    lines += ["", END]
    return "\n".join(lines)


def write_section(text: str, path: Path) -> None:
    """Replace this section between its own markers (kept apart from the build table's), else append it."""
    old = path.read_text(encoding="utf-8") if path.is_file() else "# Benchmarks\n"
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        path.write_text(head + text + rest.split(END, 1)[1], encoding="utf-8")
    else:
        path.write_text(old.rstrip() + "\n\n" + text + "\n", encoding="utf-8")
