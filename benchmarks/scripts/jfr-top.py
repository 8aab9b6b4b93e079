#!/usr/bin/env python3
"""Top frames of a JFR recording: self time (jdk.ExecutionSample, top frame) and allocation
(jdk.ObjectAllocationSample, weighted by bytes, by allocating frame and class).
Usage: jfr-top.py RECORDING.jfr [N]   (needs the JDK's `jfr` on the PATH)"""
import collections, json, subprocess, sys

def events(path, kind, depth=3):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", str(depth), "--events", kind, path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]

def one(f):
    m = f["method"]
    return m["type"]["name"].replace("/", ".") + "." + m["name"]

def frame(frames):
    """The top frame; for a JDK helper (Arrays.copyOf, Long.valueOf, ...), with its caller."""
    s = one(frames[0])
    if len(frames) > 1 and frames[0]["method"]["type"]["name"].startswith(("java/", "jdk/")):
        s += " <- " + one(frames[1])
    return s

def main():
    path, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10
    samples = events(path, "jdk.ExecutionSample")
    top = collections.Counter()
    for e in samples:
        fr = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
        if fr:
            top[one(fr[0])] += 1
    total = sum(top.values())
    print(f"self time, {total} execution samples:")
    for k, v in top.most_common(n):
        print(f"  {100.0 * v / total:5.1f}%  {k}")
    # Total (inclusive) time of Newt's own methods: samples with the method anywhere on the stack.
    deep = events(path, "jdk.ExecutionSample", 64)
    incl = collections.Counter()
    for e in deep:
        fr = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
        seen = {one(f) for f in fr if f["method"]["type"]["name"].startswith("dev/newt/")}
        for k in seen:
            incl[k] += 1
    print(f"total time (method on the stack), {len(deep)} samples, Newt's methods:")
    for k, v in incl.most_common(2 * n):
        print(f"  {100.0 * v / len(deep):5.1f}%  {k}")
    alloc = events(path, "jdk.ObjectAllocationSample")
    by_site = collections.Counter()
    by_class = collections.Counter()
    for e in alloc:
        v = e["values"]
        w = v.get("weight", 0)
        cls = v["objectClass"]["name"]
        fr = v["stackTrace"]["frames"] if v.get("stackTrace") else []
        by_site[(frame(fr) if fr else "?") + "  [" + cls + "]"] += w
        by_class[cls] += w
    total = sum(by_site.values()) or 1
    print(f"allocation, {len(alloc)} samples, {total / 1e9:.1f} GB estimated:")
    for k, v in by_site.most_common(n):
        print(f"  {100.0 * v / total:5.1f}%  {k}")
    print("allocation by class:")
    for k, v in by_class.most_common(n):
        print(f"  {100.0 * v / total:5.1f}%  {k}")

main()
