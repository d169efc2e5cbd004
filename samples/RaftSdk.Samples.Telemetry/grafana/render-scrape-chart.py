#!/usr/bin/env python3
"""Draws three of the dashboard's panels as an SVG chart from real scrapes of the sample's /metrics.

Not Grafana: the same PromQL arithmetic (rate over consecutive scrapes, histogram_quantile by linear
interpolation inside the bucket) done here on the scrape files that scrape-under-load.sh saved.
    python3 render-scrape-chart.py SCRAPE_DIR OUT.svg
SCRAPE_DIR holds files named <unix-seconds>.prom (Prometheus text format), one per scrape.
"""
import math
import os
import re
import sys

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse(path):
    samples = {}
    with open(path) as f:
        for line in f:
            m = SAMPLE.match(line)
            if m:
                labels = tuple(sorted(LABEL.findall(m.group(2) or '')))
                samples[(m.group(1), labels)] = float(m.group(3))
    return samples


def series(scrapes, metric, by):
    """Sum of `metric` per value of label `by`, per scrape: {by_value: [v0, v1, ...]}."""
    out = {}
    for i, (_, s) in enumerate(scrapes):
        for (name, labels), value in s.items():
            if name == metric:
                key = dict(labels).get(by, '')
                out.setdefault(key, [0.0] * len(scrapes))[i] += value
    return out


def rates(scrapes, values):
    return [(values[i] - values[i - 1]) / (scrapes[i][0] - scrapes[i - 1][0]) for i in range(1, len(scrapes))]


def quantile(q, scrapes, metric, by):
    """histogram_quantile(q, sum by (le, by) (rate(metric_bucket))) per interval."""
    buckets = {}
    for i, (_, s) in enumerate(scrapes):
        for (name, labels), value in s.items():
            if name == metric + '_bucket':
                d = dict(labels)
                le = math.inf if d['le'] == '+Inf' else float(d['le'])
                buckets.setdefault(d.get(by, ''), {}).setdefault(le, [0.0] * len(scrapes))[i] += value
    out = {}
    for key, per_le in buckets.items():
        bounds = sorted(per_le)
        points = []
        for i in range(1, len(scrapes)):
            counts = [per_le[b][i] - per_le[b][i - 1] for b in bounds]
            total = counts[-1]
            if total <= 0:
                points.append(None)
                continue
            rank, lower, below = q * total, 0.0, 0.0
            value = bounds[-2] if len(bounds) > 1 else 0.0
            for b, c in zip(bounds, counts):
                if c >= rank:
                    value = b if b == math.inf else lower + (b - lower) * (rank - below) / max(c - below, 1e-12)
                    if b == math.inf:
                        value = lower
                    break
                lower, below = b, c
            points.append(value)
        out[key] = points
    return out


COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b']


def tick(value):
    return f'{value:.0f}' if value >= 10 else f'{value:.2g}'


def panel(svg, x, y, w, h, title, unit, lines, times):
    svg.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="#181b1f" stroke="#2c3235"/>')
    svg.append(f'<text x="{x + 10}" y="{y + 20}" fill="#d8d9da" font-size="13" font-weight="bold">{title}</text>')
    values = [v for _, pts in lines for v in pts if v is not None]
    top = max(values) * 1.1 if values and max(values) > 0 else 1.0
    px, py, pw, ph = x + 60, y + 35, w - 75, h - 90
    for k in range(5):
        gy = py + ph - ph * k / 4
        svg.append(f'<line x1="{px}" y1="{gy:.1f}" x2="{px + pw}" y2="{gy:.1f}" stroke="#2c3235"/>')
        svg.append(f'<text x="{px - 6}" y="{gy + 4:.1f}" fill="#8e8e8e" font-size="10" text-anchor="end">{tick(top * k / 4)}{unit}</text>')
    t0, t1 = times[0], times[-1]
    span = max(t1 - t0, 1)
    for k in range(0, int(span) + 1, max(int(span) // 6, 1)):
        gx = px + pw * k / span
        svg.append(f'<text x="{gx:.1f}" y="{py + ph + 14}" fill="#8e8e8e" font-size="10" text-anchor="middle">{k}s</text>')
    for n, (label, pts) in enumerate(lines):
        color = COLORS[n % len(COLORS)]
        path = ' '.join(f'{px + pw * (t - t0) / span:.1f},{py + ph - ph * v / top:.1f}' for t, v in zip(times, pts) if v is not None)
        svg.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        lx, ly = x + 10 + (n % 2) * (w // 2), y + h - 28 + (n // 2) * 14
        svg.append(f'<rect x="{lx}" y="{ly - 8}" width="10" height="3" fill="{color}"/>')
        svg.append(f'<text x="{lx + 14}" y="{ly - 3}" fill="#d8d9da" font-size="10">{label}</text>')


def main(directory, out):
    scrapes = sorted((int(os.path.splitext(f)[0]), parse(os.path.join(directory, f))) for f in os.listdir(directory) if f.endswith('.prom'))
    if len(scrapes) < 3:
        sys.exit(f'{directory}: {len(scrapes)} scrapes, at least 3 are needed')
    times = [t for t, _ in scrapes[1:]]
    calls = [(m, rates(scrapes, v)) for m, v in sorted(series(scrapes, 'rpc_client_call_duration_seconds_count', 'rpc_method').items())]
    p99 = [(f'p99 {m}', [None if v is None else v * 1000 for v in pts]) for m, pts in sorted(quantile(0.99, scrapes, 'rpc_client_call_duration_seconds', 'rpc_method').items())]
    failures = [(e, rates(scrapes, v)) for e, v in sorted(series(scrapes, 'raftsdk_client_failures_total', 'error_type').items())]
    width, height = 1200, 330
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif">',
           f'<rect width="{width}" height="{height}" fill="#111217"/>',
           f'<text x="10" y="18" fill="#8e8e8e" font-size="11">Not a Grafana screenshot: three panels of grafana/raftsdk.json computed by render-scrape-chart.py from {len(scrapes)} real scrapes of the telemetry sample under --serve --load, {scrapes[-1][0] - scrapes[0][0]} s.</text>']
    panel(svg, 10, 30, 385, 290, 'Client calls per second', '/s', calls, times)
    panel(svg, 405, 30, 385, 290, 'Client call duration p99', ' ms', p99, times)
    panel(svg, 800, 30, 390, 290, 'Client failures per second', '/s', failures, times)
    svg.append('</svg>')
    with open(out, 'w') as f:
        f.write('\n'.join(svg) + '\n')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
