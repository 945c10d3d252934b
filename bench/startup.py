#!/usr/bin/env python3
"""Start-up latency and idle RSS of `kubemcp serve` (the targets in docs/benchmarks.md: tools/list in <= 10 ms, idle
RSS <= 10 MB). Spawns the command N times, sends initialize then tools/list over stdio, and
prints the median milliseconds to each answer, the median VmHWM (peak RSS) once tools/list
is answered, and the median CPU time (user+sys) of the whole session, start to exit — the
figure least disturbed by other load on the machine. Usage: bench/startup.py [-n RUNS] BINARY --config CONFIG serve
The machine is shared: read medians of many runs, and confirm with `perf stat -r 30`."""
import json
import os
import statistics
import subprocess
import sys
import time

INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                         "clientInfo": {"name": "startup-bench", "version": "1"}}}
INITIALIZED = {"jsonrpc": "2.0", "method": "notifications/initialized"}
TOOLS_LIST = {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}


def line(msg):
    return (json.dumps(msg) + "\n").encode()


def vm_hwm_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for row in f:
            if row.startswith("VmHWM:"):
                return int(row.split()[1])
    raise RuntimeError("no VmHWM")


def one_run(cmd):
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    p.stdin.write(line(INITIALIZE))
    p.stdin.flush()
    if b'"result"' not in p.stdout.readline():
        raise RuntimeError("initialize failed")
    t_init = time.perf_counter()
    p.stdin.write(line(INITIALIZED) + line(TOOLS_LIST))
    p.stdin.flush()
    if b'"tools"' not in p.stdout.readline():
        raise RuntimeError("tools/list failed")
    t_list = time.perf_counter()
    hwm = vm_hwm_kib(p.pid)
    p.stdin.close()
    _, _, usage = os.wait4(p.pid, 0)
    p.returncode = 0
    cpu_ms = (usage.ru_utime + usage.ru_stime) * 1000
    return (t_init - start) * 1000, (t_list - start) * 1000, hwm, cpu_ms


def main():
    args = sys.argv[1:]
    runs = 31
    if args[:1] == ["-n"]:
        runs, args = int(args[1]), args[2:]
    one_run(args)  # warm the page cache
    samples = [one_run(args) for _ in range(runs)]
    med = [statistics.median(s[i] for s in samples) for i in range(4)]
    print(f"runs={runs} initialize_ms={med[0]:.1f} tools_list_ms={med[1]:.1f} "
          f"min_tools_list_ms={min(s[1] for s in samples):.1f} "
          f"VmHWM_MiB={med[2] / 1024:.2f} cpu_ms_whole_session={med[3]:.1f}")


if __name__ == "__main__":
    main()
