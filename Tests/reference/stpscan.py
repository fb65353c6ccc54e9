#!/usr/bin/env python3
"""An independent, plain implementation of Kulldorff's prospective space-time permutation scan
statistic (Kulldorff et al. 2005), written from the paper, not from Wangge's Swift code: every
cylinder (a centre, its k nearest locations within the radius, a window ending on the last day)
is counted directly, and the p-value comes from its own permutations of the days among the cases.

Reads a JSON dataset {cases: [[location, day]], points: [[x, y]], days, windows, radius,
maxLocations, minimumCases, replicates, seed} and prints the strongest cylinder as JSON:
{centre, locations, window, observed, expected, llr, p}.
"""
import json
import math
import random
import sys

data = json.load(open(sys.argv[1]))
cases = data['cases']
points = data['points']
days = data['days']
windows = [w for w in data['windows'] if 1 <= w <= days]
N = len(cases)

per_location = [0] * len(points)
per_day = [0] * days
for location, day in cases:
    per_location[location] += 1
    per_day[day] += 1
in_window = {w: sum(per_day[days - w:]) for w in windows}

# Each centre's circles: the nearest locations (itself first) within the radius, at most maxLocations.
circles = []
for c, (cx, cy) in enumerate(points):
    near = sorted((math.hypot(x - cx, y - cy), 0 if j == c else 1, j) for j, (x, y) in enumerate(points)
                  if math.hypot(x - cx, y - cy) <= data['radius'])
    circles.append([j for _, _, j in near[:data['maxLocations']]])


def strongest(day_of_case):
    """The cylinder with the largest log likelihood ratio, over the given days of the cases."""
    recent = {}
    for (location, _), day in zip(cases, day_of_case):
        if day >= days - max(windows):
            recent.setdefault(location, []).append(day)
    best = None
    for c, members in enumerate(circles):
        history = 0
        observed = {w: 0 for w in windows}
        for size, j in enumerate(members):
            history += per_location[j]
            for day in recent.get(j, []):
                for w in windows:
                    if day >= days - w:
                        observed[w] += 1
            for w in windows:
                o = observed[w]
                if o < data['minimumCases']:
                    continue
                mu = history * in_window[w] / N
                if o <= mu:
                    continue
                llr = o * math.log(o / mu) + ((N - o) * math.log((N - o) / (N - mu)) if N > o else 0)
                if best is None or llr > best['llr'] + 1e-12:
                    best = {'centre': c, 'locations': sorted(members[:size + 1]), 'window': w, 'observed': o, 'expected': mu, 'llr': llr}
    return best


observed = strongest([d for _, d in cases])
rng = random.Random(data['seed'])
days_of = [d for _, d in cases]
beaten = 0
for _ in range(data['replicates']):
    shuffled = days_of[:]
    rng.shuffle(shuffled)
    m = strongest(shuffled)
    if m is not None and observed is not None and m['llr'] >= observed['llr']:
        beaten += 1
if observed is not None:
    observed['p'] = (beaten + 1) / (data['replicates'] + 1)
print(json.dumps(observed))
