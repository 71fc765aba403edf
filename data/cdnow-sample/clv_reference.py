#!/usr/bin/env python3
"""Reference values of the BG/NBD and Gamma-Gamma closed forms at the published CDNOW parameters.

Written from the papers' equations with mpmath (50 digits, its own 2F1), independently of segstream's Java code:
  Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", eq. 9, 10 and P(alive) (appendix);
  Fader, Hardie & Lee (2005), "RFM and CLV", Gamma-Gamma conditional expectation of the mean spend.
CLV: expected purchases of each of the next H months (month = 365.25/12/7 weeks) times the expected spend,
discounted by (1 + d)^month. Run: python3 clv_reference.py > clv_reference.csv, and
python3 clv_reference.py --integrated > clv_reference_integrated.csv (see the end of the file).
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
INTEGRATED_ONLY = "--integrated" in __import__("sys").argv
if not INTEGRATED_ONLY:
    print("x,tx,T,m,p_alive,expected_39w,expected_mean_spend,clv_12m_1pct")
for x, tx, T, m in ([] if INTEGRATED_ONLY else CASES):
    x_, tx_, T_, m_ = x, mp.mpf(tx), mp.mpf(T), mp.mpf(m)
    print(",".join([str(x), str(tx), str(T), str(m),
                    mp.nstr(p_alive(x_, tx_, T_), 15), mp.nstr(expected(39, x_, tx_, T_), 15),
                    mp.nstr(spend(x_, m_), 15), mp.nstr(clv(x_, tx_, T_, m_, 12, mp.mpf("0.01")), 15)]))


# The closed forms divide by (a - 1), yet E[X(t)] is finite for any a > 0: a fit on real data can land at a < 1
# (Online Retail's does). So the expected purchases of a new customer are also computed here without the closed
# form, by integrating E[X(t) | lambda, p] = (1 - exp(-lambda p t)) / p over Gamma(r, alpha) (in closed form:
# 1 - (alpha / (alpha + p t))^r) and then over Beta(a, b) numerically. Written to clv_reference_integrated.csv.
def expected_new_by_integration(t, r_, alpha_, a_, b_):
    # Substituting u = p^a makes p^(a-1) dp = du / a, so the integrand stays bounded even for a far below 1, and
    # 1 - (alpha / (alpha + p t))^r is taken as -expm1(-r log1p(p t / alpha)), exact for the tiny p near u = 0.
    beta = mp.beta(a_, b_)

    def f(u):
        p_ = u ** (1 / a_)
        h = r_ * t / alpha_ if p_ == 0 else -mp.expm1(-r_ * mp.log1p(p_ * t / alpha_)) / p_
        return h * (1 - p_) ** (b_ - 1) / (beta * a_)
    return mp.quad(f, [0, mp.mpf("0.5"), 1])


INTEGRATED = [  # r, alpha, a, b, t weeks
    ("0.243", "4.414", "0.793", "2.426", "39"),
    ("0.83", "9.84", "0.3", "6.7", "13"),
    ("0.83", "9.84", "0.05", "6.7", "52"),
    ("0.5", "2.0", "3.0", "4.0", "26"),
]
if INTEGRATED_ONLY:
    print("r,alpha,a,b,t,expected_new")
    for row in INTEGRATED:
        r_, alpha_, a_, b_, t = (mp.mpf(v) for v in row)
        print(",".join(list(row) + [mp.nstr(expected_new_by_integration(t, r_, alpha_, a_, b_), 15)]))
