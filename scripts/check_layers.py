#!/usr/bin/env python3
"""Checks the include rules between akichi's folders (docs/architecture.md, "Layers").

Every #include "..." of the C++ files under base/, propagation/, sim/, viz/, bench/ and python/
(tests/ is not checked) is resolved to the folder it names. A folder is a layer's subfolder
(propagation/models, sim/station, ...; a deeper folder such as propagation/engine/adapters
belongs to its parent) or a top-level folder without subfolders (base, viz, bench, python). Each folder
has a level; a file may include its own folder and the folders its rule allows, which are
always below it. The check fails, printing FILE:LINE, the include and the rule it broke, on

  - an include of a folder the rule does not allow (an upward or sideways include),
  - a file in a folder that has no rule (a new folder must be given one here and in the docs),
  - an include "x.h" without a folder that is not a file beside the includer,
  - any cycle between folders.

Usage: check_layers.py [--root DIR] [--graph]
  --root DIR  the repository to check (default: the one this script is in)
  --graph     also print the folder dependency graph (one "folder -> folders" line each)
Exit status: 0 when every include keeps the rules, 1 otherwise.
"""

import argparse
import os
import re
import sys

# Folders checked, and the files in them that are C++.
CHECKED_TOPS = ("base", "propagation", "sim", "viz", "bench", "python")
CXX_SUFFIXES = (".h", ".hpp", ".cpp", ".cc")
# Generated at build time (cmake/GitVersion.cmake); not a folder of ours.
GENERATED = {"akichi_version.h"}

# The layers, lowest first. Within propagation/ and sim/ each subfolder has a level: a folder
# may include folders of lower levels of its own layer (never one of the same level: siblings
# stay independent), its own folder, and the layers below its layer.
PROPAGATION_LEVELS = {
    "propagation/geo": 0,  # coordinates, CRS, grids, polygons, OGR handles
    "propagation/terrain": 1,  # elevation grids and profiles
    "propagation/surface": 1,  # buildings, their index and reader, surface materials
    "propagation/antenna": 1,  # antenna patterns
    "propagation/models": 2,  # the ITU-R / NTIA / 3GPP models
    "propagation/engine": 3,  # path-loss model interface, adapters, area computation
}
SIM_LEVELS = {
    "sim/input": 0,  # TOML sections, records, CSV tables
    "sim/spectrum": 1,  # channel plans, ACIR, link-budget arithmetic
    "sim/p2p": 1,  # point-to-point drivers on the reference CSV formats
    "sim/station": 2,  # stations, station databases, schedules
    "sim/scenario": 3,  # the scenario file, sweeps, the MIC rules file
    "sim/store": 3,  # the live database: stations, grants, audit, tokens (GeoPackage, PostGIS)
    "sim/analysis": 4,  # coverage, sharing, vacancy, tensors
    "sim/results": 5,  # results files: writers and the reader
    "sim/parallel": 5,  # MPI ranks behind a TensorSource
    "sim/live": 5,  # the live engine: point vacancy, grant and change judgements
    "sim/batch": 6,  # batches of scenario variants
    "sim/serve": 7,  # the HTTP server of the live system (and viz/ for its map layers)
}


def layer_rule(folder):
    """(allowed folders, rule in words) for a folder, or None when it has no rule."""
    prop = set(PROPAGATION_LEVELS)
    sim = set(SIM_LEVELS) | {"sim/cli"}
    if folder == "base":
        return set(), "base includes nothing of ours outside base/"
    if folder in PROPAGATION_LEVELS:
        level = PROPAGATION_LEVELS[folder]
        below = {f for f, lv in PROPAGATION_LEVELS.items() if lv < level}
        return ({"base"} | below,
                f"{folder} (propagation level {level}) includes base/ and the propagation "
                f"folders of lower levels only: {order_text(PROPAGATION_LEVELS)}")
    if folder == "sim/serve":
        # The server draws map layers with the colour maps of `akichi render`.
        below = {f for f, lv in SIM_LEVELS.items() if lv < SIM_LEVELS[folder]}
        return ({"base", "viz"} | prop | below,
                "sim/serve includes base/, propagation/, viz/ and the sim folders below it")
    if folder in SIM_LEVELS:
        level = SIM_LEVELS[folder]
        below = {f for f, lv in SIM_LEVELS.items() if lv < level}
        return ({"base"} | prop | below,
                f"{folder} (sim level {level}) includes base/, propagation/ and the sim folders "
                f"of lower levels only: {order_text(SIM_LEVELS)}")
    if folder == "sim/cli":
        return ({"base", "viz"} | prop | sim,
                "sim/cli (the executable) may include every folder")
    if folder == "viz":
        return ({"base", "sim/results"},
                "viz includes base/ and sim/results/ only (it reads results files, nothing else)")
    if folder == "bench":
        return ({"base"} | prop | (sim - {"sim/cli"}),
                "bench includes base/, propagation/ and sim/ (not sim/cli)")
    if folder == "python":
        # The Python module binds the libraries, never the executable; nothing includes it.
        return ({"base"} | prop | (sim - {"sim/cli"}),
                "python includes base/, propagation/ and sim/ (not sim/cli)")
    return None


def order_text(levels):
    by_level = {}
    for f, lv in levels.items():
        by_level.setdefault(lv, []).append(f.split("/", 1)[1])
    return " < ".join(", ".join(sorted(by_level[lv])) for lv in sorted(by_level))


def folder_of(rel_path):
    """The folder a repository path belongs to: 'sim/station', 'base', 'viz', ..."""
    parts = rel_path.split("/")
    if parts[0] in ("propagation", "sim") and len(parts) >= 3:
        return parts[0] + "/" + parts[1]
    return parts[0]


INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def source_files(root):
    for top in CHECKED_TOPS:
        top_dir = os.path.join(root, top)
        for dirpath, dirnames, filenames in os.walk(top_dir):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(CXX_SUFFIXES):
                    yield os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/")


def find_cycles(edges):
    """Strongly connected components with more than one folder (Tarjan)."""
    index, low, on_stack, stack, out = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def check(root):
    """(violation lines, folder graph {folder: {folder: first 'file:line include'}})."""
    violations = []
    graph = {}
    for rel in source_files(root):
        src = folder_of(rel)
        rule = layer_rule(src)
        if rule is None:
            violations.append(f"{rel}: folder {src} has no layer rule "
                              "(give it one in scripts/check_layers.py and docs/architecture.md)")
            continue
        allowed, words = rule
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
            for line_no, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                inc = m.group(1)
                where = f"{rel}:{line_no}: #include \"{inc}\""
                if "/" not in inc:
                    beside = os.path.join(os.path.dirname(os.path.join(root, rel)), inc)
                    if inc in GENERATED or os.path.isfile(beside):
                        continue
                    violations.append(f"{where}: an include without a folder must name a file "
                                      "beside the includer (write the path from the repository "
                                      "root)")
                    continue
                if inc.split("/", 1)[0] not in CHECKED_TOPS:
                    continue  # a library of someone else's, in quotes
                dst = folder_of(inc)
                if dst == src:
                    continue
                graph.setdefault(src, {}).setdefault(dst, f"{rel}:{line_no} {inc}")
                if dst not in allowed:
                    violations.append(f"{where}: {src} may not include {dst}; rule: {words}")
    for cycle in find_cycles({s: set(d) for s, d in graph.items()}):
        steps = []
        for s in cycle:
            for d in cycle:
                if d in graph.get(s, {}):
                    steps.append(f"{s} -> {d} ({graph[s][d]})")
        violations.append("cycle between folders " + ", ".join(cycle) + ": " + "; ".join(steps) +
                          "; rule: no cycle between folders")
    return violations, graph


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(
        __file__))))
    parser.add_argument("--graph", action="store_true")
    args = parser.parse_args()
    violations, graph = check(args.root)
    if args.graph:
        for src in sorted(graph):
            print(f"{src} -> {', '.join(sorted(graph[src]))}")
    for v in violations:
        print(v, file=sys.stderr)
    if violations:
        print(f"check_layers: {len(violations)} include(s) break the layer rules "
              "(docs/architecture.md)", file=sys.stderr)
        return 1
    print("check_layers: every include keeps the layer rules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
