"""Command line of :mod:`newslib.sentiment`: train the shipped actor model, measure speed.

    python -m newslib.sentiment --train ../shared/benchmarks/newsmtsc/train.jsonl
    python -m newslib.sentiment --cv ../shared/benchmarks/newsmtsc/train.jsonl
    python -m newslib.sentiment --benchmark
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path


def _cli(argv: list[str] | None = None) -> int:
    from newslib.sentiment import bench

    ap = argparse.ArgumentParser(prog="python -m newslib.sentiment", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", metavar="JSONL", help="NewsMTSC train.jsonl: fit the actor "
                    "model and write it to newslib/models/actor_sentiment.npz (or --out)")
    ap.add_argument("--out", metavar="NPZ", help="where --train writes the model")
    ap.add_argument("--cv", metavar="JSONL", help="5-fold sentence-grouped CV macro-F1 of the "
                    "actor model and of whole-sentence VADER on NewsMTSC")
    ap.add_argument("--benchmark", action="store_true", help="speed of newslib's VADER vs "
                    "NLTK and vaderSentiment, and actor-model throughput (needs ../shared)")
    args = ap.parse_args(argv)
    if not (args.train or args.cv or args.benchmark):
        ap.print_help()
        return 2
    if args.train:
        from newslib.datasets.newsmtsc import read_newsmtsc
        from newslib.sentiment.actors import MODEL_PATH, ActorSentimentModel

        path = Path(args.train)
        arts, targets = read_newsmtsc(path)
        df = targets.merge(arts[["article_id", "text"]], on="article_id", how="left")
        model = ActorSentimentModel().fit(df, df["label"])
        model.training_info_ = {
            "trained_on": path.name, "n_targets": int(len(df)),
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
        out = model.save(Path(args.out) if args.out else MODEL_PATH)
        sys.stdout.write(f"wrote {out} ({len(model.vocabulary_)} features)\n")
    if args.cv:
        res = bench.cross_validate_actor_model(Path(args.cv))
        sys.stdout.write(json.dumps(res, indent=2) + "\n")
    if args.benchmark:
        sys.stdout.write(json.dumps(bench.speed(), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(_cli())
