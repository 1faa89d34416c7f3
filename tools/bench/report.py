#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""report.py RAW JSON KVER: turn bench.sh's "config metric round value"
lines into the table (min/median/max per figure, ratios with their spread
and targets) and a JSON file. report.py --gnuplot JSON: chart data."""
import json
import statistics
import sys

# ratio name, numerator, denominator, metric, target (>=)
RATIOS = [
    ("cveth/veth tcp", "cveth", "veth", "tcp_bps", 1.00),
    ("cveth/veth pps_tx", "cveth", "veth", "pps_tx", 1.00),
    ("cveth/veth pps_rx", "cveth", "veth", "pps_rx", 1.00),
    ("cveth/lo tcp", "cveth", "lo", "tcp_bps", 0.95),
    ("cbr/bridge tcp", "cbr", "bridge", "tcp_bps", 1.10),
    ("cbr/bridge pps_rx", "cbr", "bridge", "pps_rx", 1.10),
    ("cbr/bridge flood8_tx", "cbr", "bridge", "flood8_tx", 1.10),
    ("cbr/cbr_nofp tcp", "cbr", "cbr_nofp", "tcp_bps", 1.00),
    ("cbr/cbr_nofp pps_rx", "cbr", "cbr_nofp", "pps_rx", 1.00),
    ("cbr/cbr_nofp flood8_tx", "cbr", "cbr_nofp", "flood8_tx", 1.00),
    ("cbr_nofp/bridge tcp", "cbr_nofp", "bridge", "tcp_bps", 1.00),
    ("cbr_nofp/bridge pps_rx", "cbr_nofp", "bridge", "pps_rx", 1.00),
    ("cbr/cveth tcp", "cbr", "cveth", "tcp_bps", 0.95),
    ("cbr/cveth pps_rx", "cbr", "cveth", "pps_rx", 0.95),
    ("fdb_1m/fdb_1k pps_rx", "fdb_1m", "fdb_1k", "pps_rx", 0.90),
]
# The method's own spread: each device against itself, odd rounds over
# even rounds of the same boot.
SELF = [("veth", "tcp_bps"), ("veth", "pps_rx"), ("bridge", "tcp_bps"),
        ("bridge", "pps_rx")]


def load(path):
    data = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) != 4:
                continue
            c, m, r, v = parts
            try:
                data.setdefault((c, m), {})[int(r)] = float(v)
            except ValueError:
                pass
    return data


def ratio_spread(data, a, b, m):
    """Per-round ratios a/b: (min, median, max)."""
    ra, rb = data.get((a, m), {}), data.get((b, m), {})
    rs = [ra[r] / rb[r] for r in sorted(ra) if r in rb and rb[r] > 0]
    if not rs:
        return None
    return min(rs), statistics.median(rs), max(rs)


def main():
    if sys.argv[1] == "--gnuplot":
        js = json.load(open(sys.argv[2]))
        for r in js["ratios"]:
            if r["median"] is not None and r["metric"] != "bytes":
                print('"%s" %.4f' % (r["name"], r["median"]))
        return
    raw, out, kver = sys.argv[1:4]
    data = load(raw)
    figures = []
    print("%-8s %-9s %14s %14s %14s" % ("config", "metric", "min", "median", "max"))
    for (c, m), rounds in sorted(data.items()):
        vals = list(rounds.values())
        f = dict(config=c, metric=m, runs=len(vals), min=min(vals),
                 median=statistics.median(vals), max=max(vals))
        figures.append(f)
        print("%-8s %-9s %14.0f %14.0f %14.0f" % (c, m, f["min"], f["median"], f["max"]))
    print()
    print("%-22s %7s %7s %7s  %s" % ("ratio (per round)", "min", "median", "max", "target"))
    ratios = []
    for name, a, b, m, target in RATIOS:
        s = ratio_spread(data, a, b, m)
        r = dict(name=name, metric=m, target=target, min=None, median=None,
                 max=None, met=None)
        if s:
            r.update(min=s[0], median=s[1], max=s[2], met=s[1] >= target)
            print("%-24s %7.3f %7.3f %7.3f  >= %.2f %s" % (
                name, s[0], s[1], s[2], target, "met" if r["met"] else "MISSED"))
        else:
            print("%-22s %7s  (no data)" % (name, "-"))
        ratios.append(r)
    selfs = []
    for c, m in SELF:
        rounds = data.get((c, m), {})
        odd = [v for k, v in rounds.items() if k % 2]
        even = [v for k, v in rounds.items() if not k % 2]
        if odd and even and statistics.median(even) > 0:
            v = statistics.median(odd) / statistics.median(even)
            selfs.append(dict(name="%s/%s %s" % (c, c, m), ratio=v))
            print("%-22s %7s %7.3f %7s  (the method's own spread)" % (
                "%s/%s %s" % (c, c, m), "", v, ""))
    bpe = data.get(("fdb", "slab_per_entry"), {}).get(1)
    total = data.get(("fdb", "bytes_per_entry"), {}).get(1)
    n = data.get(("fdb", "stations"), {}).get(1)
    if bpe is not None:
        met = bpe <= 64
        print("%-22s %7s %7.0f %7s  <= 64 %s (slab growth over %s stations;"
              " %.0f with the hash buckets)" % (
                  "bytes per FDB entry", "", bpe, "", "met" if met else "MISSED",
                  "%.0f" % n if n else "?", total or 0))
        ratios.append(dict(name="bytes per FDB entry", metric="bytes",
                           target=64, min=bpe, median=bpe, max=bpe, met=met))
    profile = []
    for c in ("bridge", "cbr", "cbr_nofp"):
        h = data.get((c, "rxh_ns"), {}).get(1)
        p = data.get((c, "pkt_ns"), {}).get(1)
        if h and p:
            profile.append(dict(config=c, rx_handler_ns=h, packet_ns=p,
                                share=h / p))
            print("%-22s %7.0f ns of %7.0f ns per packet in the rx_handler"
                  " (%.0f%%, traced)" % ("%s profile" % c, h, p, 100 * h / p))
    json.dump(dict(kernel=kver, figures=figures, ratios=ratios, self=selfs,
                   profile=profile), open(out, "w"), indent=1)
    print()
    print("targets: " + ", ".join(
        "%s %s" % (r["name"], "met" if r["met"] else
                   ("MISSED" if r["met"] is False else "n/a"))
        for r in ratios))


if __name__ == "__main__":
    main()
