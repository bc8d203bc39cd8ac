#!/usr/bin/python3
"""Generate the scipy/numpy golden data for dsp/orient_scipy_test.go.

Run from the repository root with a Python that has numpy and scipy
(Debian's python3-scipy; the Go test does not need Python):

    /usr/bin/python3 dsp/testdata/scipy/gen_orient.py

It writes orient.json next to this script:

rotate_to_up  per vector u: the smallest rotation taking u onto +Z, built
              independently with scipy.spatial.transform.Rotation.from_rotvec
              (axis (u × ẑ)/|u × ẑ|, angle atan2(|u × ẑ|, u·ẑ)); for u along
              -Z exactly, the half-turn about X that dsp.RotateToUp
              documents.
known         per known sensor attitude Q (scipy Rotation, random with a
              seed, plus upside-down and ±90° tilts): the specific force a
              still sensor measures, Qᵀ·(0, 0, g0), and Q itself; the test
              checks that RotateToUp(that)·Qᵀ is a pure yaw.
tilt          per mean m in anatomical axes (V, AP, ML): Moe-Nilssen's
              levelling as scipy rotations: a pitch θ = atan2(m_AP, m_V)
              about ML, then a roll φ = atan2(m_ML, √(m_V² + m_AP²)) about
              the new AP axis, its rows permuted to (AP′, ML″, V″) as
              dsp.TiltCorrection documents, and whether m is within 80°
              of the vertical axis (ok).
heading       a synthetic levelled walk (hx, hy, v at fs Hz) and, at a few
              sample counts, the forward direction by dsp.Heading's
              definition computed in batch with numpy: exponentially
              weighted means and covariances with explicit weights
              (1−α)^(n−1) for the first sample and α(1−α)^(n−i) for the
              others, α = 1 − exp(−1/(fs·tau)), of (h[n−1], v′[n]) with
              v′[n] = (v[n] − v[n−2])·fs/2; forward = −(C_xd, C_yd)/|·|.

Floats are written with repr, which round-trips float64 exactly.
"""

import json
import math
import os

import numpy as np
from scipy.spatial.transform import Rotation

HERE = os.path.dirname(os.path.abspath(__file__))
G0 = 9.80665


def smallest_to_z(u):
    u = np.asarray(u, dtype=float)
    m = np.max(np.abs(u))
    u = u / m
    u = u / np.linalg.norm(u)
    k = np.cross(u, [0.0, 0.0, 1.0])
    s = np.linalg.norm(k)
    if s == 0:
        return np.eye(3) if u[2] > 0 else np.diag([1.0, -1.0, -1.0])
    return Rotation.from_rotvec(k / s * math.atan2(s, u[2])).as_matrix()


def tilt(m):
    v, ap, ml = m
    th = math.atan2(ap, v)
    ph = math.atan2(ml, math.hypot(v, ap))
    # axes (V, AP, ML) as x, y, z. Pitch: V′ = AP·sinθ + V·cosθ,
    # AP′ = AP·cosθ − V·sinθ: a rotation by −θ about ML (z).
    pitch = Rotation.from_rotvec([0.0, 0.0, -th])
    # Roll: V″ = ML·sinφ + V′·cosφ, ML″ = ML·cosφ − V′·sinφ: a rotation by
    # +φ about AP (y) in the pitched frame.
    roll = Rotation.from_rotvec([0.0, ph, 0.0])
    r = (roll * pitch).as_matrix()
    return r[[1, 2, 0], :]  # rows (AP′, ML″, V″)


def walk(n, fs, yaw, seed):
    """Levelled walk at 1.9 steps/s heading at angle yaw: the forward
    acceleration brakes while the vertical rises, lateral sway at stride
    frequency is larger than the forward signal (and uncorrelated with
    v′), plus noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(n) / fs
    th = 2 * math.pi * 1.9 * t
    up = G0 + 2.5 * np.sin(th) + 0.8 * np.sin(2 * th + 0.4)
    fwd = -1.2 * np.cos(th) + 0.3 * np.sin(2 * th)
    lat = 2.0 * np.sin(th / 2) + 0.2 * np.sin(th)
    fwd = fwd + 0.3 * rng.standard_normal(n)
    lat = lat + 0.3 * rng.standard_normal(n)
    up = up + 0.3 * rng.standard_normal(n)
    c, s = math.cos(yaw), math.sin(yaw)
    hx = c * fwd - s * lat
    hy = s * fwd + c * lat
    return hx, hy, up


def heading_ref(hx, hy, v, fs, tau, n):
    """Forward after n Pushes, by the batch definition."""
    a = -math.expm1(-1 / (fs * tau))
    d = (v[2:n] - v[:n - 2]) * fs / 2
    x = np.stack([hx[1:n - 1], hy[1:n - 1], d], axis=1)
    m = len(x)
    w = a * (1 - a) ** (m - 1 - np.arange(m))
    w[0] = (1 - a) ** (m - 1)
    mu = (w[:, None] * x).sum(0)
    c = ((x - mu).T * w) @ (x - mu)
    cxd, cyd = c[0, 2], c[1, 2]
    r = math.hypot(cxd, cyd)
    return [-cxd / r, -cyd / r], m, [c[0, 0] + c[1, 1], c[2, 2], r]


def fl(a):
    return [float(v) for v in np.asarray(a, dtype=float).ravel()]


def main():
    us = [[0, 0, 1], [0, 0, 9.81], [1e-10, 0, 1], [1, 0, 0], [-1, 0, 0],
          [0, 1, 0], [0, -1, 0], [1, 2, 3], [-0.3, 0.2, -0.9],
          [9.8, 0.1, -0.2], [0.6, -0.8, 0], [1, 1, -1e-9], [0, 0, -1],
          [0, 0, -9.81], [1e-9, 0, -1], [3e-8, -2e-8, -1], [1e-5, 1e-5, -1],
          [-1e-3, 2e-3, -1], [0.5, 0.5, -0.7], [1e-200, 2e-200, 3e-200],
          [1e200, -1e200, 1e200]]
    rtu = [{"u": fl(u), "r": fl(smallest_to_z(u))} for u in us]

    qs = list(Rotation.random(12, random_state=3))
    qs += [Rotation.from_rotvec([math.pi, 0, 0]),            # upside down
           Rotation.from_rotvec([0, math.pi, 0]),
           Rotation.from_rotvec([math.pi / 2, 0, 0]),        # ±90° tilts
           Rotation.from_rotvec([-math.pi / 2, 0, 0]),
           Rotation.from_rotvec([0, math.pi / 2, 0]),
           Rotation.from_rotvec([0, -math.pi / 2, 0]),
           Rotation.from_euler("zyx", [40, 0, 179.9], degrees=True),
           Rotation.from_euler("zyx", [-75, 30, -20], degrees=True)]
    known = []
    for q in qs:
        qm = q.as_matrix()
        known.append({"q": fl(qm), "acc": fl(qm.T @ np.array([0, 0, G0]))})

    ms = [[1, 0, 0], [G0, 0, 0], [0.95, 0.3, 0], [0.9, -0.5, 0],
          [0.97, 0, 0.2], [0.85, 0.35, -0.25], [0.5, -1, 0.1],
          [0.6, 0.6, 0.6], [0.3, 1.35, 0], [0.4, 0.3, -1.3], [2, 0.1, 0.1],
          [0.1, 1, 0], [0.1, 0, -1], [-1, 0.2, 0]]
    # ok: within dsp.MaxTilt = 80° of the vertical axis
    tl = [{"m": fl(m), "r": fl(tilt(m)),
           "ok": bool(m[0] >= math.cos(math.radians(80)) * np.linalg.norm(m))}
          for m in ms]

    fs, tau = 100.0, 3.0
    hd = []
    for yaw, seed in ((0.7, 1), (-2.4, 2)):
        n = 1500
        hx, hy, v = walk(n, fs, yaw, seed)
        at = []
        for k in (400, 800, 1500):
            fwd, m, stats = heading_ref(hx, hy, v, fs, tau, k)
            at.append({"n": k, "samples": m, "forward": fwd, "var_h": stats[0],
                       "var_d": stats[1], "cov_hd": stats[2]})
        hd.append({"fs": fs, "tau": tau, "yaw": yaw, "hx": fl(hx),
                   "hy": fl(hy), "v": fl(v), "at": at})

    import scipy
    out = {"meta": {"numpy": np.__version__, "scipy": scipy.__version__,
                    "generator": "dsp/testdata/scipy/gen_orient.py"},
           "rotate_to_up": rtu, "known": known, "tilt": tl, "heading": hd}
    with open(os.path.join(HERE, "orient.json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
