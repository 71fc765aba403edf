#!/usr/bin/env python3
"""Reference values of the BG/NBD and Gamma-Gamma closed forms at the published CDNOW parameters.

Written from the papers' equations with mpmath (50 digits, its own 2F1), independently of segstream's Java code:
  Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", eq. 9, 10 and P(alive) (appendix);
  Fader, Hardie & Lee (2005), "RFM and CLV", Gamma-Gamma conditional expectation of the mean spend.
CLV: expected purchases of each of the next H months (month = 365.25/12/7 weeks) times the expected spend,
discounted by (1 + d)^month. Run: python3 clv_reference.py > clv_reference.csv
"""
import mpmath as mp

mp.mp.dps = 50
r, alpha, a, b = mp.mpf("0.243"), mp.mpf("4.414"), mp.mpf("0.793"), mp.mpf("2.426")
p, q, v = mp.mpf("6.25"), mp.mpf("3.74"), mp.mpf("15.44")
WEEKS_PER_MONTH = mp.mpf("365.25") / 12 / 7


def p_alive(x, tx, T):
    if x == 0:
        return mp.mpf(1)
    return 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x))


def expected(t, x, tx, T):
    if t == 0:
        return mp.mpf(0)
    hyp = mp.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
    num = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp)
    den = 1 + (a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x) if x > 0 else 0)
    return num / den


def spend(x, m):
    population = p * v / (q - 1)
    if x == 0:
        return population
    w = (q - 1) / (p * x + q - 1)
    return w * population + (1 - w) * m


def clv(x, tx, T, m, months, d):
    total, before = mp.mpf(0), mp.mpf(0)
    for month in range(1, months + 1):
        up_to = expected(month * WEEKS_PER_MONTH, x, tx, T)
        total += (up_to - before) * spend(x, m) / (1 + d) ** month
        before = up_to
    return total


CASES = [  # x, t_x, T, mean repeat spend
    (0, 0.0, 38.86, 0.0),
    (1, 5.0, 38.86, 20.0),
    (2, 30.43, 38.86, 35.0),
    (7, 29.43, 35.43, 43.0),
    (14, 35.0, 38.0, 80.0),
    (4, 10.0, 38.86, 12.5),
]
print("x,tx,T,m,p_alive,expected_39w,expected_mean_spend,clv_12m_1pct")
for x, tx, T, m in CASES:
    x_, tx_, T_, m_ = x, mp.mpf(tx), mp.mpf(T), mp.mpf(m)
    print(",".join([str(x), str(tx), str(T), str(m),
                    mp.nstr(p_alive(x_, tx_, T_), 15), mp.nstr(expected(39, x_, tx_, T_), 15),
                    mp.nstr(spend(x_, m_), 15), mp.nstr(clv(x_, tx_, T_, m_, 12, mp.mpf("0.01")), 15)]))
