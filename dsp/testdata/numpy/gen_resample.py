#!/usr/bin/python3
"""Generate the numpy golden data for TestNumpyResampler (dsp/numpy_test.go).

Run from the repository root with a Python that has numpy (Debian's
python3-numpy; the Go test does not need Python):

    /usr/bin/python3 dsp/testdata/numpy/gen_resample.py

It writes resample.json next to this script: per case the resampler's
parameters (rate Hz, max_gap s, null for +Inf), the input stream (t, acc,
gyr; t may be NaN/Inf, written as a string) and the reference output of
the behaviour documented on dsp.Resampler, computed independently here:

  * a sample is rejected when its t is not finite ("nonfinite"), equal to
    the last accepted t ("duplicate") or below it ("backwards");
  * the accepted samples are split into segments where consecutive
    timestamps are more than max_gap apart; the first sample of every
    segment but the first is reported as a gap;
  * each segment with first time t0 and last time tl yields the grid
    t0 + k/rate (k = 0, 1, …; computed as t0 + float(k)/rate) for t <= tl,
    and the values numpy.interp(grid, t_seg, v_seg) on every axis.

Floats are written with repr, which round-trips float64 exactly.
"""

import json
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def values(t):
    """A smooth multi-axis test signal of time t (s)."""
    return ([3.0 * math.sin(2 * math.pi * 2.8 * t), 1.0 + 0.5 * math.cos(7.1 * t), 9.80665 + 0.01 * t],
            [0.3 * math.sin(1.3 * t + 0.2), -0.5, 2.0 * math.cos(2 * math.pi * 2.8 * t)])


def stream(ts, override=None):
    out = []
    for i, t in enumerate(ts):
        if override and i in override:
            acc, gyr = override[i]
        elif math.isfinite(t):
            acc, gyr = values(t)
        else:
            acc, gyr = [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]
        out.append((t, acc, gyr))
    return out


def reference(samples, rate, max_gap):
    status, accepted = [], []
    last = None
    for (t, acc, gyr) in samples:
        if not math.isfinite(t):
            status.append("nonfinite")
        elif last is not None and t == last:
            status.append("duplicate")
        elif last is not None and t < last:
            status.append("backwards")
        else:
            status.append("ok")
            accepted.append((len(status) - 1, t, acc, gyr))
            last = t
    segs = []
    for a in accepted:
        if segs and a[1] - segs[-1][-1][1] > max_gap:
            segs.append([a])
        elif segs:
            segs[-1].append(a)
        else:
            segs.append([a])
    gaps = [seg[0][0] for seg in segs[1:]]
    out = []
    for seg in segs:
        t = np.array([a[1] for a in seg])
        v = np.array([a[2] + a[3] for a in seg])  # n x 6
        t0, tl = t[0], t[-1]
        grid = []
        k = 0
        while True:
            g = t0 + float(k) / rate
            if g > tl:
                break
            grid.append(g)
            k += 1
        grid = np.array(grid)
        cols = [np.interp(grid, t, v[:, j]) for j in range(6)]
        for i, g in enumerate(grid):
            out.append([float(g)] + [float(c[i]) for c in cols])
    return status, gaps, out


def jittered(n, t0, fs, jit, seed):
    rng = np.random.default_rng(seed)
    return [t0 + i / fs + jit * (2 * rng.random() - 1) for i in range(n)]


def cases():
    c = []
    # irregular 100 Hz ± 3 ms onto coarser, equal and finer grids
    ts = jittered(100, 12.5, 100.0, 0.003, 1)
    for rate in (50.0, 100.0, 208.0):
        c.append(("jitter100-to-%g" % rate, rate, 0.1, stream(ts)))
    # gaps: 0.5 s hole, then a hole exactly max_gap wide (not a gap), then
    # one just wider (a gap)
    a = jittered(60, 3.0, 100.0, 0.002, 2)
    b = jittered(60, a[-1] + 0.5, 100.0, 0.002, 3)
    cc = [b[-1] + 0.1] + jittered(40, b[-1] + 0.11, 100.0, 0.002, 4)
    d = [cc[-1] + 0.1 + 1e-9] + [cc[-1] + 0.1 + 1e-9 + i / 100.0 for i in range(1, 30)]
    c.append(("gaps", 60.0, 0.1, stream(a + b + cc + d)))
    c.append(("gaps-maxgap-inf", 60.0, math.inf, stream(a + b + cc + d)))
    # duplicates (with other values), backwards jumps, NaN and Inf times
    ts = jittered(220, 0.0, 100.0, 0.003, 5)
    bad = list(ts)
    override = {}
    ins = []
    for i, t in enumerate(bad):
        ins.append(t)
        if i == 40:
            ins.append(t)  # duplicate
            override[len(ins) - 1] = ([99.0, 99.0, 99.0], [99.0, 99.0, 99.0])
        if i == 90:
            ins.append(t - 0.02)  # backwards
            ins.append(t - 1e-12)  # backwards, barely
        if i == 150:
            ins.append(float("nan"))
            ins.append(float("inf"))
            ins.append(float("-inf"))
        if i == 200:
            ins.append(t)  # duplicate twice
            ins.append(t)
            override[len(ins) - 1] = ([-5.0, 0.0, 0.0], [0.0, 0.0, 0.0])
    c.append(("duplicates-backwards-nonfinite", 100.0, 0.1, stream(ins, override)))
    # regular epoch-second timestamps at 100 Hz (grid times coincide with
    # the input up to rounding) and with 1 kHz ± 0.1 ms down to 100 Hz
    t0 = 1732512345.678
    c.append(("epoch-regular-100", 100.0, 0.1, stream([t0 + i / 100.0 for i in range(150)])))
    c.append(("epoch-jitter1000-to-100", 100.0, 0.05, stream(jittered(300, t0, 1000.0, 1e-4, 6))))
    # slow irregular input (Bluetooth-like bursts) onto a fast grid
    rng = np.random.default_rng(7)
    ts, t = [], 5.0
    for i in range(100):
        t += float(rng.choice([0.001, 0.004, 0.02, 0.045]))
        ts.append(t)
    c.append(("bursts-to-200", 200.0, 0.05, stream(ts)))
    return c


def enc(x):
    return x if math.isfinite(x) else repr(x)


def main():
    out = []
    for name, rate, max_gap, samples in cases():
        status, gaps, ref = reference(samples, rate, max_gap)
        out.append({
            "name": name, "rate": rate,
            "max_gap": max_gap if math.isfinite(max_gap) else None,
            "in": [[enc(t)] + acc + gyr for (t, acc, gyr) in samples],
            "status": status, "gaps": gaps, "out": ref,
        })
    meta = {"numpy": np.__version__, "generator": "dsp/testdata/numpy/gen_resample.py"}
    with open(os.path.join(HERE, "resample.json"), "w") as f:
        f.write(json.dumps({"meta": meta}, separators=(",", ":"))[:-1] + ',"cases":[\n')
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in out))
        f.write("\n]}\n")


if __name__ == "__main__":
    main()
