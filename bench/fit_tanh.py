#!/usr/bin/env python3
# Derives the coefficients of jdl.nn.kernels.FastMath.tanh (needs numpy; run: python3 bench/fit_tanh.py 6 3).
# Fits tanh(x) ~ x P(x^2) / Q(x^2) on [0, C] (Q(0) = 1) by Loeb's reweighted linear least squares, then Lawson
# reweighting towards the minimax error; reports the error of the float32 evaluation the Java kernel uses.
import numpy as np, sys
C = 9.0
NP, NQ = int(sys.argv[1]), int(sys.argv[2])     # numerator terms (in s), denominator terms after the constant 1
x = np.concatenate([np.linspace(0, 1, 4000), np.linspace(1, C, 16000)])
s = x * x / (C * C)
t = np.tanh(x)
A_p = np.stack([x * s**k for k in range(NP)], 1)
A_q = np.stack([-t * s**k for k in range(1, NQ + 1)], 1)
A = np.concatenate([A_p, A_q], 1)
q_prev = np.ones_like(x)
lw = np.ones_like(x)
best = None
for it in range(60):
    w = lw / q_prev
    coef, *_ = np.linalg.lstsq(A * w[:, None], t * w, rcond=None)
    p = coef[:NP]; q = np.concatenate([[1.0], coef[NP:]])
    Q = np.polyval(q[::-1], s)
    P = x * np.polyval(p[::-1], s)
    err = P / Q - t
    m = np.abs(err).max()
    if best is None or m < best[0]:
        best = (m, p.copy(), q.copy())
    q_prev = Q
    if it >= 10:
        lw = lw * (np.abs(err) + 1e-30) ** 0.5
        lw /= lw.sum()
m, p, q = best
def f32eval(xx):
    xx = np.clip(xx.astype(np.float32), np.float32(-C), np.float32(C))
    ss = xx * xx * np.float32(1 / (C * C))
    P = np.float32(p[-1])
    for c in p[-2::-1]:
        P = np.float32(c) + ss * P
    P = xx * P
    Q = np.float32(q[-1])
    for c in q[-2::-1]:
        Q = np.float32(c) + ss * Q
    return P / Q
xs = np.linspace(-30, 30, 2000001).astype(np.float32)
e32 = np.abs(f32eval(xs).astype(np.float64) - np.tanh(xs.astype(np.float64))).max()
sig = (np.float32(0.5) * f32eval(np.float32(0.5) * xs) + np.float32(0.5)).astype(np.float64)
es = np.abs(sig - 1 / (1 + np.exp(-xs.astype(np.float64)))).max()
print(f"NP={NP} NQ={NQ}: fit error {m:.3g}; float32 tanh {e32:.3g}, sigmoid {es:.3g}")
print("P:", ", ".join(repr(float(np.float32(c))) + "f" for c in p))
print("Q:", ", ".join(repr(float(np.float32(c))) + "f" for c in q))
