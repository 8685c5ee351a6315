#!/usr/bin/env python3
"""Held-out NAB evaluation of the anomaly detector (ADR-0012).

The production defaults were tuned on the same NAB files they are scored on, so the all-files
score is an in-sample figure. This driver estimates the score on unseen files:

  1. runs a small declared grid of DetectorOptions (GRID below; the production default is one of
     its points) over every file, in-process, with `Incident.Bench.Detector sweep`;
  2. k-fold cross-validation over files, stratified by category folder, fixed seed: per fold the
     configuration with the best NAB standard score (threshold 0.5) on the training files only is
     run on the held-out files; the same with leave-one-category-out;
  3. the held-out outputs of all folds (every file scored by a configuration chosen without it)
     are put in one results folder and scored once by the official scorer at threshold 0.5.

Scoring is ../shared/tools/nab/nab_score.py, imported, not copied. Subset scores use NAB's own
normalisation summed over files: 100 * (sum S - sum S_null) / (sum S_perfect - sum S_null).

    python3 scripts/nab_cv.py [--folds 5] [--seed 5] [--out artifacts/nab-cv]
"""

import argparse
import contextlib
import io
import itertools
import json
import os
import random
import shutil
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")

# The declared grid: the parameters that move the NAB score most (one-at-a-time scan, ADR-0012).
# Every axis holds the production default, so the default configuration is a grid point.
GRID = {
    "RecordDecay": [0.999, 0.9995, 0.9998],
    "MeanRate": [0.001, 0.003, 0.01],
    "BlockSize": [4, 6, 8],
    "RecordMargin": [0.9, 1.0, 1.1],
}
THRESHOLD = 0.5
SELECT_PROFILE = "standard"
PROFILES = ["standard", "reward_low_FP_rate", "reward_low_FN_rate"]


def config_name(values):
    return "_".join("%s=%s" % (k, v) for k, v in values.items())


def expand(grid):
    keys = list(grid)
    return [dict(zip(keys, combo)) for combo in itertools.product(*(grid[k] for k in keys))]


def run_sweep(configs, args):
    """configs: {name: {option: value}} -> OUT/sweep/<name>/<category>/<file>.csv"""
    sweep_dir = os.path.join(args.out, "sweep")
    todo = {n: c for n, c in configs.items() if args.reuse is False
            or not os.path.isdir(os.path.join(sweep_dir, n))}
    os.makedirs(sweep_dir, exist_ok=True)
    if args.sweep_dll:
        cmd = ["dotnet", args.sweep_dll]
    else:
        subprocess.run(["dotnet", "build", os.path.join(ROOT, "bench", "Incident.Bench.Detector"),
                        "-c", "Release", "-nologo", "-v", "q", "-p:SkipWebBuild=true"], check=True)
        cmd = ["dotnet", os.path.join(ROOT, "bench", "Incident.Bench.Detector", "bin", "Release",
                                      "net10.0", "Incident.Bench.Detector.dll")]
    if not todo and os.path.isfile(os.path.join(sweep_dir, "defaults.json")):
        return sweep_dir, cmd
    grid_path = os.path.join(args.out, "grid.json")
    with open(grid_path, "w") as f:
        json.dump(todo, f, indent=1)
    subprocess.run(cmd + ["sweep", "--data", args.data, "--grid", grid_path, "--out", sweep_dir,
                          "--threads", str(args.threads)], check=True)
    return sweep_dir, cmd


def file_scores(nab, corpus, sweep_dir, names):
    """{name: {file: {profile: raw}}} at THRESHOLD, plus {file: {profile: (null, perfect)}}."""
    raw = {}
    base = {}
    for name in names:
        sweeps = corpus.sweeps_for(os.path.join(sweep_dir, name), None)
        raw[name] = {}
        for fs in sweeps:
            raw[name][fs.rel] = {}
            for p in PROFILES:
                cost = nab.DEFAULT_PROFILES[p]
                raw[name][fs.rel][p] = fs.score(cost, THRESHOLD)["score"]
                base.setdefault(fs.rel, {})[p] = (fs.null_score(cost), fs.perfect_score(cost))
    return raw, base


def normalized(nab, raw_by_file, base, files, profile=SELECT_PROFILE):
    s = sum(raw_by_file[f][profile] for f in files)
    null = sum(base[f][profile][0] for f in files)
    perfect = sum(base[f][profile][1] for f in files)
    return nab.normalize(s, null, perfect)


def stratified_folds(files, k, seed):
    """Per category (sorted), shuffle with one seeded RNG and deal round-robin, continuing where the
    previous category stopped, so fold sizes differ by at most one."""
    rng = random.Random(seed)
    by_cat = {}
    for f in sorted(files):
        by_cat.setdefault(f.split("/")[0], []).append(f)
    folds = [[] for _ in range(k)]
    nxt = 0
    for cat in sorted(by_cat):
        members = by_cat[cat]
        rng.shuffle(members)
        for f in members:
            folds[nxt % k].append(f)
            nxt += 1
    return [sorted(f) for f in folds]


def category_folds(files):
    cats = sorted({f.split("/")[0] for f in files})
    return [sorted(f for f in files if f.split("/")[0] == c) for c in cats]


def choose(nab, raw, base, names, train, default):
    """Best standard score on the training files; ties go to the default, then to grid order."""
    scored = [(normalized(nab, raw[n], base, train), n == default, -i, n) for i, n in enumerate(names)]
    best = max(scored)
    return best[3], best[0]


def official(nab, args, results_dir, extra=(), report=None):
    """Runs the official scorer's CLI entry point; returns its JSON report for the detector."""
    report = report or results_dir + ".json"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rc = nab.main(["--data", args.data, "--labels", args.labels, "--results", results_dir,
                       "--threshold", str(THRESHOLD), "--json", report, *extra])
    if rc:
        sys.exit("nab_score failed on %s" % results_dir)
    with open(report) as f:
        return next(iter(json.load(f)["detectors"].values())), out.getvalue()


def cross_validate(nab, args, raw, base, names, default, folds, label, sweep_dir):
    heldout_dir = os.path.join(args.out, "heldout-" + label)
    shutil.rmtree(heldout_dir, ignore_errors=True)
    rows = []
    for i, test in enumerate(folds):
        train = [f for fold in folds for f in fold if f not in test]
        chosen, train_score = choose(nab, raw, base, names, train, default)
        for f in test:
            dst = os.path.join(heldout_dir, *f.split("/"))
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(os.path.join(sweep_dir, chosen, *f.split("/")), dst)
        windows = sum(base[f][SELECT_PROFILE][1] for f in test)
        rows.append({
            "fold": i + 1,
            "test_files": test,
            "chosen": chosen,
            "train_score": train_score,
            # a fold without labelled windows (artificialNoAnomaly) has no normalised score: report its raw FP cost
            "test_score": normalized(nab, raw[chosen], base, test) if windows else None,
            "test_raw": sum(raw[chosen][f][SELECT_PROFILE] for f in test),
            "default_test_score": normalized(nab, raw[default], base, test) if windows else None,
        })
    result, _ = official(nab, args, heldout_dir)
    pooled = {p: result[p]["normalized_score"] for p in PROFILES}
    # the pooled figure from per-file sums must be the official one
    check = {p: nab.normalize(sum(raw[r["chosen"]][f][p] for r in rows for f in r["test_files"]),
                              sum(base[f][p][0] for f in base), sum(base[f][p][1] for f in base))
             for p in PROFILES}
    for p in PROFILES:
        assert abs(check[p] - pooled[p]) < 1e-6, (p, check[p], pooled[p])
    # 95% interval of the pooled figure when the files themselves are resampled (2,000 draws, fixed seed)
    chosen = {f: r["chosen"] for r in rows for f in r["test_files"]}
    rng = random.Random(args.seed)
    files = sorted(chosen)
    draws = []
    for _ in range(2000):
        sample = [rng.choice(files) for _ in files]
        draws.append(nab.normalize(sum(raw[chosen[f]][f][SELECT_PROFILE] for f in sample),
                                   sum(base[f][SELECT_PROFILE][0] for f in sample),
                                   sum(base[f][SELECT_PROFILE][1] for f in sample)))
    draws = sorted(d for d in draws if d == d)
    interval = (draws[int(0.025 * len(draws))], draws[int(0.975 * len(draws)) - 1])
    return {"folds": rows, "heldout": pooled, "bootstrap_95": interval}


def phase_shift(nab, args, sweep_cmd, shifts):
    """The default on the same series with their first k rows dropped: block boundaries and the warm-up
    end move, the labels stay. A configuration tuned to where the blocks happen to fall loses here."""
    scores = {}
    for k in shifts:
        data = os.path.join(args.out, "shifted", str(k))
        for rel in nab.Corpus(args.data, args.labels).files:
            dst = os.path.join(data, *rel.split("/"))
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            with open(os.path.join(args.data, *rel.split("/"))) as f:
                lines = f.readlines()
            with open(dst, "w") as f:
                f.writelines(lines[:1] + lines[1 + k:])
        grid = os.path.join(data, "grid.json")
        with open(grid, "w") as f:
            json.dump({"default": {}}, f)
        results = os.path.join(args.out, "shifted-results", str(k))
        subprocess.run(sweep_cmd + ["sweep", "--data", data, "--grid", grid, "--out", results,
                                    "--threads", str(args.threads)], check=True, stdout=subprocess.DEVNULL)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            corpus = nab.Corpus(data, args.labels)
            summary, _ = nab.score_corpus(corpus.sweeps_for(os.path.join(results, "default"), None),
                                          nab.DEFAULT_PROFILES[SELECT_PROFILE], THRESHOLD)
        scores[k] = summary["normalized_score"]
    return scores


def short(name, default):
    return "default" if name == default else name


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.path.join(SHARED, "data", "nab", "data"))
    ap.add_argument("--labels", default=os.path.join(SHARED, "data", "nab", "labels", "combined_windows.json"))
    ap.add_argument("--nab-tools", default=os.path.join(SHARED, "tools", "nab"))
    ap.add_argument("--out", default=os.path.join(ROOT, "artifacts", "nab-cv"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--keep", action="store_true",
                    help="keep every configuration's outputs (about 9 MB each; default: only the held-out folders)")
    ap.add_argument("--reuse", action="store_true", help="with --keep: do not re-run configurations already run")
    ap.add_argument("--sweep-dll", default=None, help="a prebuilt sweep runner (default: build the bench project)")
    args = ap.parse_args()
    args.data = os.path.abspath(args.data)
    args.labels = os.path.abspath(args.labels)
    args.out = os.path.abspath(args.out)
    sys.path.insert(0, os.path.abspath(args.nab_tools))
    import nab_score as nab

    os.makedirs(args.out, exist_ok=True)
    configs = {config_name(c): c for c in expand(GRID)}
    sweep_dir, sweep_cmd = run_sweep(configs, args)
    with open(os.path.join(sweep_dir, "defaults.json")) as f:
        defaults = json.load(f)
    for k, values in GRID.items():
        if defaults[k] not in values:
            sys.exit("grid axis %s %r misses the production default %r" % (k, values, defaults[k]))
    default = next(n for n, c in configs.items() if all(c[k] == defaults[k] for k in GRID))
    names = list(configs)

    corpus = nab.Corpus(args.data, args.labels)
    raw, base = file_scores(nab, corpus, sweep_dir, names)
    files = corpus.files
    allscores = {n: normalized(nab, raw[n], base, files) for n in names}

    kfold = stratified_folds(files, args.folds, args.seed)
    cv = cross_validate(nab, args, raw, base, names, default, kfold, "kfold", sweep_dir)
    loco = cross_validate(nab, args, raw, base, names, default, category_folds(files), "loco", sweep_dir)
    dflt, dflt_text = official(nab, args, os.path.join(sweep_dir, default), ["--optimize"],
                               os.path.join(args.out, "default-all-files.json"))
    shifted = phase_shift(nab, args, sweep_cmd, range(1, 6))

    ranked = sorted(names, key=lambda n: -allscores[n])
    neighbours = {}
    for k, axis in GRID.items():
        i = axis.index(defaults[k])
        for j in (i - 1, i + 1):
            if 0 <= j < len(axis):
                step = dict(configs[default], **{k: axis[j]})
                neighbours["%s=%s" % (k, axis[j])] = allscores[config_name(step)]
    values = sorted(allscores.values())
    summary = {
        "grid": GRID, "default": default, "threshold": THRESHOLD, "folds": args.folds, "seed": args.seed,
        "default_all_files": {p: {"at_0.5": dflt[p]["normalized_score"],
                                  "optimized": dflt[p]["optimized"]["normalized_score"],
                                  "optimized_threshold": dflt[p]["optimized"]["threshold"]} for p in PROFILES},
        "grid_all_files_standard": {"min": values[0], "median": statistics.median(values), "max": values[-1],
                                    "best": ranked[0], "default_rank": ranked.index(default) + 1,
                                    "one_step_from_default": neighbours},
        "marginal_means": {k: {str(v): statistics.mean(allscores[n] for n in names if configs[n][k] == v)
                               for v in GRID[k]} for k in GRID},
        "kfold": cv, "loco": loco, "default_rows_dropped": shifted,
    }
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)

    print(dflt_text.strip())
    print("\ngrid: %d configurations (%s); default = %s" % (len(names), ", ".join(
        "%s %s" % (k, v) for k, v in GRID.items()), default))
    print("all %d files, standard @%.1f across the grid: min %.2f, median %.2f, max %.2f (%s); default %.2f, rank %d"
          % (len(files), THRESHOLD, values[0], statistics.median(values), values[-1], ranked[0],
             allscores[default], ranked.index(default) + 1))
    print("  one grid step from the default: " + ", ".join("%s %.2f" % kv for kv in neighbours.items()))
    for k, m in summary["marginal_means"].items():
        print("  mean over the grid by %-18s %s" % (k, "  ".join("%s: %.2f" % kv for kv in m.items())))
    for label, res in (("%d-fold stratified (seed %d)" % (args.folds, args.seed), cv),
                       ("leave one category out", loco)):
        print("\n%s" % label)
        for r in res["folds"]:
            ts = "%.2f" % r["test_score"] if r["test_score"] is not None else "raw %.3f" % r["test_raw"]
            ds = "%.2f" % r["default_test_score"] if r["default_test_score"] is not None else "-"
            print("  fold %d (%2d files): train %.2f  held-out %s (default %s)  chosen %s"
                  % (r["fold"], len(r["test_files"]), r["train_score"], ts, ds, short(r["chosen"], default)))
            print("      " + " ".join(r["test_files"]))
        if all(r["chosen"] == default for r in res["folds"]):
            print("  every fold chose the default: this figure equals the all-files one (see ADR-0012)")
        print("  HELD-OUT (official scorer, all files pooled, @%.1f): standard %.2f, reward_low_FP %.2f, "
              "reward_low_FN %.2f; standard 95%% bootstrap over files %.1f..%.1f"
              % (THRESHOLD, res["heldout"]["standard"], res["heldout"]["reward_low_FP_rate"],
                 res["heldout"]["reward_low_FN_rate"], *res["bootstrap_95"]))
    print("\ndefault, standard @%.1f with the first k rows of every file dropped: %s; mean over k = 0..5 %.2f"
          % (THRESHOLD, ", ".join("k=%d %.2f" % kv for kv in shifted.items()),
             statistics.mean([allscores[default], *shifted.values()])))
    if not args.keep:
        for d in ("sweep", "shifted", "shifted-results"):
            shutil.rmtree(os.path.join(args.out, d), ignore_errors=True)
    print("\nwrote %s" % os.path.join(args.out, "summary.json"))


if __name__ == "__main__":
    main()
