#!/usr/bin/env python3
"""Regenerates src/test/resources/fixtures/statistics.json, the reference values checked by
StatisticsFixturesTest.

Every value is computed here independently of the Java code: by SciPy's own tests and distributions where SciPy
has them (Welch's t-test, chi-square goodness of fit, t interval), otherwise by the published formula evaluated
with NumPy/SciPy on the raw per-unit arrays (never on their moments), which are written to the fixture so that the
Java side can rebuild its moments from the same data. The file committed was produced with SciPy 1.17.1 and
NumPy (versions recorded in the file itself).

Usage, from the repository root:  python3 src/test/python/fixtures.py
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import optimize, stats

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "statistics.json")
rng = np.random.default_rng(20240917)


def rounded(a, digits=6):
    return [round(float(v), digits) for v in a]


# --- Welch's t-test (SciPy's implementation) ------------------------------------------------------------------
control = rounded(rng.normal(20.0, 2.0, 40), 4)
challenger = rounded(rng.normal(21.0, 3.0, 55), 4)
welch = stats.ttest_ind(challenger, control, equal_var=False)
ci = welch.confidence_interval(0.95)
welch_fixture = {
    "control": control, "challenger": challenger, "alpha": 0.05,
    "t": float(welch.statistic), "p": float(welch.pvalue), "df": float(welch.df),
    "lower": float(ci.low), "upper": float(ci.high),
}

# --- Two-proportion z-test, pooled for the test, unpooled Wald interval ---------------------------------------
nc, xc, nt, xt = 2400, 252, 2300, 291
pc, pt = xc / nc, xt / nt
pooled = (xc + xt) / (nc + nt)
z = (pt - pc) / math.sqrt(pooled * (1 - pooled) * (1 / nc + 1 / nt))
se = math.sqrt(pc * (1 - pc) / nc + pt * (1 - pt) / nt)
q = stats.norm.ppf(0.975)
two_proportions = {
    "nc": nc, "xc": xc, "nt": nt, "xt": xt, "alpha": 0.05,
    "z": z, "p": float(2 * stats.norm.sf(abs(z))),
    "lower": pt - pc - q * se, "upper": pt - pc + q * se,
}

# --- Wilson interval --------------------------------------------------------------------------------------------
def wilson(x, n, alpha):
    p = x / n
    zz = stats.norm.ppf(1 - alpha / 2)
    centre = p + zz * zz / (2 * n)
    half = zz * math.sqrt(p * (1 - p) / n + zz * zz / (4 * n * n))
    return (centre - half) / (1 + zz * zz / n), (centre + half) / (1 + zz * zz / n)


wilson_fixture = []
for x, n, alpha in [(81, 263, 0.05), (3, 40, 0.05), (970, 1000, 0.01)]:
    lo, hi = wilson(x, n, alpha)
    wilson_fixture.append({"x": x, "n": n, "alpha": alpha, "lower": lo, "upper": hi})

# --- t interval for a mean (SciPy) ------------------------------------------------------------------------------
values = rounded(rng.normal(5.0, 1.5, 25), 4)
lo, hi = stats.t.interval(0.9, len(values) - 1, loc=np.mean(values), scale=stats.sem(values))
t_interval = {"values": values, "alpha": 0.1, "lower": float(lo), "upper": float(hi)}

# --- mSPRT threshold multiplier: minimise f(r) = (1 + r)/r (ln(1/alpha) + ln(1 + r)/2) -------------------------
def threshold_multiplier(alpha):
    f = lambda u: (1 + math.exp(u)) / math.exp(u) * (math.log(1 / alpha) + math.log1p(math.exp(u)) / 2)
    res = optimize.minimize_scalar(f, bounds=(-10, 40), method="bounded", options={"xatol": 1e-12})
    return math.exp(res.x), math.sqrt(2 * res.fun)


multipliers = []
for alpha in [0.01, 0.05, 0.1]:
    r, k = threshold_multiplier(alpha)
    multipliers.append({"alpha": alpha, "ratio": r, "k": k, "tunedTauForVariance1e-4": math.sqrt(r * 1e-4)})

# --- Sample sizes (normal approximation; sequential: z_{1-alpha/2} replaced by k) -------------------------------
def ceil(v):
    return int(math.ceil(v - 1e-9))


sample_sizes = []
for (baseline, effect, relative, alpha, power, ratio) in [(0.10, 0.25, True, 0.05, 0.8, 1.0),
                                                          (0.03, 0.004, False, 0.01, 0.9, 2.0)]:
    p1 = baseline
    p2 = baseline * (1 + effect) if relative else baseline + effect
    delta = p2 - p1
    for sequential in (False, True):
        first = threshold_multiplier(alpha)[1] if sequential else stats.norm.ppf(1 - alpha / 2)
        zs = first + stats.norm.ppf(power)
        n = zs * zs * (p1 * (1 - p1) + p2 * (1 - p2) / ratio) / (delta * delta)
        sample_sizes.append({"kind": "rate", "sequential": sequential, "baseline": baseline, "effect": effect,
                             "relative": relative, "alpha": alpha, "power": power, "ratio": ratio,
                             "control": ceil(n), "challenger": ceil(n * ratio)})
for (baseline, sd, effect, relative, alpha, power, ratio) in [(100.0, 15.0, 0.02, True, 0.05, 0.8, 1.0),
                                                              (0.0, 2.5, 0.1, False, 0.05, 0.9, 0.5)]:
    delta = baseline * effect if relative else effect
    for sequential in (False, True):
        first = threshold_multiplier(alpha)[1] if sequential else stats.norm.ppf(1 - alpha / 2)
        zs = first + stats.norm.ppf(power)
        n = zs * zs * sd * sd * (1 + 1 / ratio) / (delta * delta)
        sample_sizes.append({"kind": "mean", "sequential": sequential, "baseline": baseline,
                             "standardDeviation": sd, "effect": effect, "relative": relative, "alpha": alpha,
                             "power": power, "ratio": ratio, "control": ceil(n), "challenger": ceil(n * ratio)})

# --- mSPRT p-value and confidence sequence: the bounds solve Lambda(theta_0) = 1/alpha by root finding ---------
def log_lambda(diff, v, tau):
    t2 = tau * tau
    return 0.5 * math.log(v / (v + t2)) + t2 * diff * diff / (2 * v * (v + t2))


msprt = []
for diff, v, tau, alpha in [(0.012, 4e-5, 0.01, 0.05), (-0.3, 0.02, 0.5, 0.1), (0.001, 1e-6, 0.0005, 0.01)]:
    target = math.log(1 / alpha)
    g = lambda theta0: log_lambda(diff - theta0, v, tau) - target
    span = 100 * math.sqrt(v) + 100 * tau
    lo = optimize.brentq(g, diff - span, diff, xtol=1e-15, rtol=1e-14)
    hi = optimize.brentq(g, diff, diff + span, xtol=1e-15, rtol=1e-14)
    msprt.append({"difference": diff, "variance": v, "tau": tau, "alpha": alpha,
                  "p": min(1.0, math.exp(-log_lambda(diff, v, tau))), "lower": lo, "upper": hi})

# --- Sample-ratio mismatch (SciPy's chi-square goodness of fit) ------------------------------------------------
srm = []
for observed, weights in [([5000, 5400], [0.5, 0.5]), ([3300, 3350, 3500], [1 / 3, 1 / 3, 1 / 3]),
                          ([2050, 7950], [0.2, 0.8])]:
    expected = [w * sum(observed) for w in weights]
    srm.append({"observed": observed, "weights": weights,
                "p": float(stats.chisquare(observed, expected).pvalue)})

# --- Unit-level data: exposures x, clicks y, pre-period clicks p per user, two arms -----------------------------
def arm(n, lift):
    propensity = rng.beta(2, 18, n) * lift
    x = 1 + rng.poisson(3, n)
    y = rng.binomial(x, np.minimum(propensity, 1))
    pre = rng.poisson(60 * propensity)
    return x.astype(float), y.astype(float), pre.astype(float)


arms = [arm(600, 1.0), arm(650, 1.15)]
arms_json = [{"x": a[0].tolist(), "y": a[1].tolist(), "p": a[2].tolist()} for a in arms]

# Delta-method ratio: Var(R) from the raw arrays' sample (co)variances, checked against the variance of the
# linearised unit values and against a bootstrap.
ratio = []
for x, y, _ in arms:
    n = len(x)
    r = y.mean() / x.mean()
    cov = np.cov(np.vstack([y, x]), ddof=1)
    var = (cov[0, 0] - 2 * r * cov[0, 1] + r * r * cov[1, 1]) / (n * x.mean() ** 2)
    linear = (y - r * x) / x.mean()
    assert abs(np.var(linear, ddof=1) / n - var) <= 1e-12 * var
    idx = rng.integers(0, n, (4000, n))
    boot = y[idx].mean(axis=1) / x[idx].mean(axis=1)
    assert abs(np.var(boot, ddof=1) / var - 1) < 0.1, (np.var(boot, ddof=1), var)
    ratio.append({"value": r, "variance": var, "bootstrapVariance": float(np.var(boot, ddof=1))})

# Per unit: clicks per user (continuous) and share of users who clicked (binary).
per_unit = []
for x, y, _ in arms:
    v = (y > 0).astype(float)
    per_unit.append({"value": y.mean(), "variance": np.var(y, ddof=1) / len(y),
                     "binaryValue": v.mean(), "binaryVariance": np.var(v, ddof=1) / len(v)})

# Unit-level comparisons: Welch's test on the raw per-user values (SciPy), the ratio by the normal approximation.
rpu = stats.ttest_ind(arms[1][1], arms[0][1], equal_var=False)
ratio_diff = ratio[1]["value"] - ratio[0]["value"]
ratio_z = ratio_diff / math.sqrt(ratio[0]["variance"] + ratio[1]["variance"])
compare = {"perUnit": {"statistic": float(rpu.statistic), "p": float(rpu.pvalue), "df": float(rpu.df)},
           "ratio": {"statistic": ratio_z, "p": float(2 * stats.norm.sf(abs(ratio_z)))}}


# CUPED on the raw arrays: unit metric L, pooled within-arm theta, adjusted unit values L - theta (p - mean p).
def cuped(form, binary):
    ls = []
    for x, y, _ in arms:
        if form == "RATIO":
            r = y.mean() / x.mean()
            ls.append((r, (y - r * x) / x.mean()))
        else:
            metric = (y > 0).astype(float) if binary else y
            ls.append((metric.mean(), metric))
    cross = sum(np.sum((l - l.mean()) * (a[2] - a[2].mean())) for (_, l), a in zip(ls, arms))
    pp = sum(np.sum((a[2] - a[2].mean()) ** 2) for a in arms)
    theta = cross / pp
    pooled_p = np.concatenate([a[2] for a in arms]).mean()
    out = {"form": form, "binary": binary, "theta": theta, "values": [], "variances": []}
    plain_total, adjusted_total = 0.0, 0.0
    for (value, l), a in zip(ls, arms):
        n = len(l)
        adjusted = l - theta * (a[2] - pooled_p)
        out["values"].append(value - theta * (a[2].mean() - pooled_p))
        if form == "PER_UNIT":
            assert abs(adjusted.mean() - out["values"][-1]) < 1e-12
        out["variances"].append(np.var(adjusted, ddof=1) / n)
        plain_total += np.var(l, ddof=1) / n
        adjusted_total += out["variances"][-1]
    out["varianceReduction"] = 1 - adjusted_total / plain_total
    return out


cuped_fixture = [cuped("PER_UNIT", False), cuped("PER_UNIT", True), cuped("RATIO", False)]


# --- Guardrail contrasts: D = T - (1 - m) C (higher is better) or (1 + m) C - T; absolute: +/- m ---------------
def contrast(c, t, margin, higher, alpha, relative):
    w = (1 - margin if higher else 1 + margin) if relative else 1.0
    if relative:
        d = t["value"] - w * c["value"] if higher else w * c["value"] - t["value"]
    else:
        d = t["value"] - c["value"] + margin if higher else c["value"] + margin - t["value"]
    vc, vt = w * w * c["variance"], t["variance"]
    if math.isinf(c["df"]) or math.isinf(t["df"]):
        q = stats.norm.ppf(1 - alpha)
    else:
        df = (vc + vt) ** 2 / (vc * vc / c["df"] + vt * vt / t["df"])
        q = stats.t.ppf(1 - alpha, df)
    lo, hi = d - q * math.sqrt(vc + vt), d + q * math.sqrt(vc + vt)
    verdict = "PASS" if lo > 0 else "FAIL" if hi < 0 else "INCONCLUSIVE"
    return {"control": c, "challenger": t, "margin": margin, "higherIsBetter": higher, "alpha": alpha,
            "relative": relative, "lower": lo, "upper": hi, "verdict": verdict}


INF = float("inf")
rpu_c = {"value": per_unit[0]["value"], "variance": per_unit[0]["variance"], "units": 600, "df": 599}
rpu_t = {"value": per_unit[1]["value"], "variance": per_unit[1]["variance"], "units": 650, "df": 649}
ctr_c = {"value": ratio[0]["value"], "variance": ratio[0]["variance"], "units": 600, "df": INF}
ctr_t = {"value": ratio[1]["value"], "variance": ratio[1]["variance"], "units": 650, "df": INF}
lat_c = {"value": 250.0, "variance": 16.0, "units": 4000, "df": 3999}
lat_t = {"value": 262.0, "variance": 25.0, "units": 4100, "df": 4099}
lat_worse = {"value": 290.0, "variance": 25.0, "units": 4100, "df": 4099}
guardrails = [
    contrast(rpu_c, rpu_t, 0.05, True, 0.05, True),
    contrast(ctr_c, ctr_t, 0.02, True, 0.025, True),
    contrast(lat_c, lat_t, 0.10, False, 0.05, True),
    contrast(lat_c, lat_t, 0.02, False, 0.05, True),
    contrast(lat_c, lat_t, 5.0, False, 0.05, False),
    contrast(ctr_c, ctr_t, 0.005, True, 0.05, False),
    contrast(lat_c, lat_worse, 0.05, False, 0.05, True),
]

fixture = {
    "generator": "src/test/python/fixtures.py",
    "scipy": scipy.__version__, "numpy": np.__version__,
    "welch": welch_fixture, "twoProportions": two_proportions, "wilson": wilson_fixture, "tInterval": t_interval,
    "thresholdMultiplier": multipliers, "sampleSizes": sample_sizes, "msprt": msprt, "sampleRatio": srm,
    "units": {"arms": arms_json, "ratio": ratio, "perUnit": per_unit, "compare": compare},
    "cuped": cuped_fixture, "guardrails": guardrails,
}


def finite(o):
    # JSON has no infinity: degrees of freedom of a normal reference are written as null.
    if isinstance(o, dict):
        return {k: finite(v) for k, v in o.items()}
    if isinstance(o, list):
        return [finite(v) for v in o]
    if isinstance(o, (float, np.floating)):
        return None if math.isinf(o) else float(o)
    if isinstance(o, np.integer):
        return int(o)
    return o


with open(OUT, "w") as f:
    json.dump(finite(fixture), f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(OUT))
