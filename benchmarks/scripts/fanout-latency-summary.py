#!/usr/bin/env python3
# Summarises fanout-latency.sh logs (stdout saved per run) into Markdown rows: run, subscribers, seated,
# delivered, publish->last p50/max ms, HTTP response p50/max ms, CPU us/delivery (all server threads),
# CPU us/delivery without the JIT compiler threads, load average at the start of the size.
#   benchmarks/scripts/fanout-latency-summary.py run1.log run2.log ...
import re,sys
for path in sys.argv[1:]:
    run=path.split('/')[-1].replace('.log','')
    blocks=open(path).read().split('\n== ')[1:]
    for b in blocks:
        m=re.match(r'heliograph: (\d+) subscribers.*?load average ([\d.]+)',b)
        if not m: continue
        n=m.group(1); load=m.group(2)
        seated=re.search(r'seated: (\d+) of',b)
        deliv=re.search(r'delivered (\d+) of',b)
        cpu=re.search(r'server CPU (\d+) ms over ([\d.]+) s: ([\d.]+) us',b)
        comp=re.search(r'C# CompilerThre (\d+) ms',b)
        pl=re.search(r'publish -> last receipt, per publication: p50 ([\d.]+) ms.*?max ([\d.]+) ms',b)
        ht=re.search(r'HTTP publish response \(from scheduled send\): p50 ([\d.]+) ms.*?max ([\d.]+) ms',b)
        groups=re.search(r'by thread group: (.*)',b)
        d=int(deliv.group(1)) if deliv else 0
        c=int(cpu.group(1)) if cpu else 0
        cc=int(comp.group(1)) if comp else 0
        ex=(c-cc)*1000/d if d else float('nan')
        print(f"| {run} | {n} | {seated.group(1) if seated else '?'} | {d} | {float(pl.group(1)):.0f} / {float(pl.group(2)):.0f} | {float(ht.group(1)):.0f} / {float(ht.group(2)):.0f} | {cpu.group(3) if cpu else '?'} | {ex:.1f} | {load} |")
