#!/usr/bin/python3
"""Generate the scipy golden data for dsp/scipy_test.go.

Run from the repository root with a Python that has scipy (Debian's
python3-scipy; the test itself does not need Python):

    /usr/bin/python3 dsp/testdata/scipy/gen.py

It writes two files next to this script:

designs.json  one entry per Butterworth design: the inputs to
              scipy.signal.butter(order, Wn, btype, fs=fs, output='sos') and
              the resulting sos rows [b0, b1, b2, 1, a1, a2], first applied
              first, plus scipy.signal.sosfreqz of those rows at a few
              frequencies (complex H as [re, im]).
filters.json  the input signal x and, per design, sosfilt(sos, x[:N]) (zero
              initial state; N the longest length used) and, per length n,
              sosfiltfilt(sos, x[:n], padtype='odd', padlen=p) with p the
              default 3*ntaps (scipy's rule) clamped to n-1, which is what
              dsp.FiltFilt does for short inputs (scipy itself raises when
              n <= 3*ntaps; "padlen" records the value used and
              "padlen_clamped" whether it differs from scipy's default).

Floats are written with repr, which round-trips float64 exactly.
"""

import json
import math
import os
import sys

import numpy as np
import scipy
from scipy import signal

HERE = os.path.dirname(os.path.abspath(__file__))


def design(kind, order, fs, lo, hi=None):
    if kind == "band":
        wn = [lo, hi]
        btype = "bandpass"
    else:
        wn = lo
        btype = {"low": "lowpass", "high": "highpass"}[kind]
    sos = signal.butter(order, wn, btype, fs=fs, output="sos")
    return sos


def name(kind, order, fs, lo, hi=None):
    if kind == "band":
        return "%s%d/fs%g/%g-%g" % (kind, order, fs, lo, hi)
    return "%s%d/fs%g/%g" % (kind, order, fs, lo)


# The design table. Every low/high-pass order 1..8 at three corners that
# stress the design differently (a mid-band one, a very low one where the
# poles crowd z = 1, and one just below Nyquist where they crowd z = -1), a
# few orders at other rates and corners (fs/4 exactly, where the real pole of
# an odd order maps to z = 0), and band-passes of prototype order 1..8
# (2..16 poles), including bands reaching near 0 and near Nyquist.
DESIGNS = []
for order in range(1, 9):
    for kind in ("low", "high"):
        DESIGNS.append((kind, order, 100.0, 10.0, None))
        DESIGNS.append((kind, order, 1000.0, 0.1, None))
        DESIGNS.append((kind, order, 25.0, 12.0, None))
for fs, fc in ((25.0, 0.5), (25.0, 6.25), (143.0, 20.0), (143.0, 71.0),
               (240.0, 60.0), (240.0, 119.9), (1000.0, 3.0), (1000.0, 499.0)):
    for order in (1, 4, 7):
        for kind in ("low", "high"):
            DESIGNS.append((kind, order, fs, fc, None))
for fs, lo, hi in ((100.0, 0.5, 10.0), (1000.0, 0.1, 3.0), (143.0, 20.0, 70.0),
                   (240.0, 1.0, 119.0), (25.0, 2.0, 3.0)):
    for order in range(1, 9):
        DESIGNS.append(("band", order, fs, lo, hi))



def response_freqs(kind, fs, lo, hi):
    """Where sosfreqz is recorded: the corner(s), a low and a high frequency.
    (The Go test also evaluates the recorded sos rows on a dense grid.)"""
    if kind == "band":
        return [0.01 * fs, lo, hi, 0.4 * fs]
    return [0.01 * fs, lo, 0.4 * fs]

# Filtered cases: (design, lengths). Short lengths exercise the padlen clamp
# (n <= 3*ntaps); 28 is just above the default padlen (27) of an 8-pole
# design ("padlen" in the output records what was used). The causal output of a prefix is the prefix of the causal output,
# so sosfilt is recorded once per design, at the longest length.
SHORT = [1, 2, 5, 10, 16, 28]
LONG = 150
FILTERS = [
    (("low", 1, 100.0, 10.0, None), SHORT),
    (("low", 2, 100.0, 10.0, None), SHORT + [LONG]),
    (("low", 3, 25.0, 6.25, None), SHORT),
    (("low", 8, 100.0, 10.0, None), SHORT + [LONG]),
    (("low", 7, 25.0, 12.0, None), SHORT),
    (("low", 4, 1000.0, 3.0, None), SHORT + [LONG]),
    (("high", 1, 100.0, 10.0, None), SHORT),
    (("high", 3, 143.0, 71.0, None), SHORT),
    (("high", 5, 100.0, 10.0, None), SHORT + [LONG]),
    (("high", 4, 1000.0, 0.1, None), SHORT + [LONG]),
    (("band", 1, 100.0, 0.5, 10.0), SHORT),
    (("band", 2, 240.0, 1.0, 119.0), SHORT),
    (("band", 4, 100.0, 0.5, 10.0), SHORT + [LONG]),
    (("band", 7, 143.0, 20.0, 70.0), SHORT + [LONG]),
    (("band", 8, 1000.0, 0.1, 3.0), SHORT + [LONG]),
]


def signal_x(n):
    """The test input: a large offset (gravity), slow and fast sines (one
    close to Nyquist), a step, a ramp and white noise (σ = 0.5, seeded; x
    itself is stored, so the golden data does not depend on numpy keeping
    its random stream)."""
    i = np.arange(n, dtype=float)
    noise = np.random.default_rng(20261125).standard_normal(n)
    return (9.80665 + np.sin(0.21 * i) + 0.4 * np.sin(1.9 * i + 0.3)
            + 0.2 * np.sin(2.9 * i) + 1.5 * (i >= 70) + 0.004 * i
            + 0.5 * noise)


def fl(a):
    return [float(v) for v in np.asarray(a, dtype=float).ravel()]


def ntaps(sos):
    # scipy.signal.sosfiltfilt's rule
    n = 2 * len(sos) + 1
    return n - min(int((sos[:, 2] == 0).sum()), int((sos[:, 5] == 0).sum()))


def main():
    meta = {
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "generator": "dsp/testdata/scipy/gen.py",
    }
    designs = []
    for d in DESIGNS:
        kind, order, fs, lo, hi = d
        sos = design(*d)
        freqs = response_freqs(kind, fs, lo, hi)
        _, h = signal.sosfreqz(sos, worN=freqs, fs=fs)
        designs.append({
            "name": name(*d), "kind": kind, "order": order, "fs": fs,
            "lo": lo, "hi": hi if hi is not None else 0.0,
            "sos": [fl(r) for r in sos],
            "freqs": freqs,
            "h": [[float(v.real), float(v.imag)] for v in h],
        })
    dump(os.path.join(HERE, "designs.json"),
         {"meta": meta, "designs": designs}, "designs")

    x = signal_x(max(max(ls) for _, ls in FILTERS))
    cases = []
    for d, lengths in FILTERS:
        kind, order, fs, lo, hi = d
        sos = design(*d)
        default = 3 * ntaps(sos)
        runs = []
        for n in lengths:
            xn = x[:n]
            padlen = min(default, n - 1)
            y = signal.sosfiltfilt(sos, xn, padtype="odd", padlen=padlen)
            if padlen == default:
                # the same as scipy's own defaults (padtype='odd', padlen=None)
                assert np.array_equal(signal.sosfiltfilt(sos, xn), y)
            runs.append({"n": n, "padlen": padlen,
                         "padlen_clamped": padlen != default, "y": fl(y)})
        cases.append({
            "name": name(*d), "kind": kind, "order": order, "fs": fs,
            "lo": lo, "hi": hi if hi is not None else 0.0,
            "sosfilt": fl(signal.sosfilt(sos, x[:max(lengths)])),
            "sosfiltfilt": runs,
        })
    dump(os.path.join(HERE, "filters.json"),
         {"meta": meta, "x": fl(x), "cases": cases}, "cases")


def dump(path, obj, listkey):
    """Compact JSON with one list element per line, for readable diffs."""
    c = lambda o: json.dumps(o, separators=(",", ":"))
    head = {k: v for k, v in obj.items() if k != listkey}
    with open(path, "w") as f:
        f.write(c(head)[:-1] + ',"%s":[\n' % listkey)
        f.write(",\n".join(c(e) for e in obj[listkey]))
        f.write("\n]}\n")


if __name__ == "__main__":
    main()
