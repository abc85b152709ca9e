#!/usr/bin/python3
"""Renders the main panels of the traffic dashboard (charts/tdcc-mesh/dashboards/traffic.json) to PNG files.

Reads each panel's PromQL from the dashboard itself, asks a Prometheus's range API (/api/v1/query_range) for the
last --minutes, and draws the series with matplotlib (Debian: python3-matplotlib). Grafana's variables are replaced
as the dashboard's defaults say: $reporter by its current value, the multi-value variables by their "All" value,
$__rate_interval by --rate-interval.

  scripts/render-dashboard.py --prometheus http://127.0.0.1:9090/ --out docs/images

The dashboard tests run it against their own Prometheus when TDCC_DASHBOARD_IMAGES is set (docs/dashboards.md).
It is never part of `make test`.
"""
import argparse
import json
import os
import re
import sys
import time
import urllib.parse
import urllib.request

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.dates import DateFormatter  # noqa: E402
import datetime  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DASHBOARD = os.path.join(ROOT, "charts", "tdcc-mesh", "dashboards", "traffic.json")

# Panel title -> output file. The main panels of the traffic dashboard.
PANELS = {
    "Request rate by source → destination": "traffic-request-rate.png",
    "Success rate by source → destination": "traffic-success-rate.png",
    "Request duration p50 / p90 / p99": "traffic-latency.png",
    "TCP bytes received by source → destination": "traffic-tcp-bytes.png",
}

UNITS = {"reqps": "requests/s", "percentunit": "success ratio", "ms": "milliseconds", "Bps": "bytes/s"}


def substitute(expr, variables, rate_interval):
    values = {"__rate_interval": rate_interval, "__interval": "2s", "__range": "5m"}
    for v in variables:
        if v.get("type") == "custom":
            values[v["name"]] = v["current"]["value"]
        elif v.get("type") == "query":
            values[v["name"]] = v.get("allValue", ".*")
    return re.sub(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", lambda m: values.get(m.group(1), m.group(0)), expr)


def legend(fmt, metric):
    return re.sub(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}", lambda m: metric.get(m.group(1), ""), fmt).strip() or json.dumps(metric)


def query_range(prometheus, expr, start, end, step):
    params = urllib.parse.urlencode({"query": expr, "start": start, "end": end, "step": step})
    with urllib.request.urlopen(urllib.parse.urljoin(prometheus, "api/v1/query_range") + "?" + params, timeout=30) as response:
        answer = json.load(response)
    if answer.get("status") != "success":
        raise RuntimeError(f"{expr}: {answer}")
    return answer["data"]["result"]


def render(panel, variables, args, end):
    start = end - args.minutes * 60
    fig, ax = plt.subplots(figsize=(10, 4.2), dpi=100)
    drawn = 0
    for target in panel["targets"]:
        expr = substitute(target["expr"], variables, args.rate_interval)
        for series in query_range(args.prometheus, expr, start, end, args.step):
            points = [(datetime.datetime.fromtimestamp(float(t)), float(v)) for t, v in series["values"] if v not in ("NaN", "+Inf", "-Inf")]
            if not points:
                continue
            xs, ys = zip(*points)
            ax.plot(xs, ys, linewidth=1.4, label=legend(target.get("legendFormat", ""), series["metric"]))
            drawn += 1
    unit = panel.get("fieldConfig", {}).get("defaults", {}).get("unit", "")
    ax.set_title(panel["title"], loc="left", fontsize=12)
    ax.set_ylabel(UNITS.get(unit, unit))
    ax.xaxis.set_major_formatter(DateFormatter("%H:%M:%S"))
    ax.grid(True, alpha=0.3)
    if unit == "percentunit":
        ax.set_ylim(0, 1.05)
    else:
        ax.set_ylim(bottom=0)
    if drawn:
        ax.legend(loc="upper left", fontsize=8, framealpha=0.8)
    fig.text(0.99, 0.01, "TDCC Mesh / Traffic — from Prometheus, sandbox west → east through both gateways", ha="right", fontsize=7, alpha=0.6)
    fig.tight_layout()
    return fig, drawn


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prometheus", required=True, help="the Prometheus base URL, e.g. http://127.0.0.1:9090/")
    parser.add_argument("--out", default=os.path.join(ROOT, "docs", "images"), help="where the PNG files go")
    parser.add_argument("--minutes", type=float, default=5, help="how far back from now")
    parser.add_argument("--step", default="2s", help="the range query's resolution")
    parser.add_argument("--rate-interval", default="10s", help="what $__rate_interval stands for")
    args = parser.parse_args()
    if not args.prometheus.endswith("/"):
        args.prometheus += "/"

    with open(DASHBOARD, encoding="utf-8") as f:
        dashboard = json.load(f)
    variables = dashboard["templating"]["list"]
    panels = {p["title"]: p for p in dashboard["panels"] if p.get("type") != "row"}
    os.makedirs(args.out, exist_ok=True)
    end = time.time()
    failed = False
    for title, filename in PANELS.items():
        panel = panels.get(title)
        if panel is None:
            print(f"error: panel '{title}' is not in {DASHBOARD}", file=sys.stderr)
            failed = True
            continue
        fig, drawn = render(panel, variables, args, end)
        path = os.path.join(args.out, filename)
        fig.savefig(path)
        plt.close(fig)
        print(f"{path}: {drawn} series")
        failed |= drawn == 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
