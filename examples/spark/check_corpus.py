#!/usr/bin/env python3
"""Check a JSON Lines corpus of segments with mtqa on a Spark cluster.

Each record is one segment, `{"id": ..., "source": ..., "target": ...}` (mtqa's JSON Lines
input). The job ships the `mtqa` binary to the executors, cuts the corpus into partitions
at mtqa's window boundaries (so that the checks that compare segments see the same windows
as a single `mtqa check` of the whole file), runs `mtqa check - --format jsonl` over each
partition with `RDD.pipe`, and writes:

  OUT/findings/part-*      the findings, JSON Lines, in corpus order (concatenated, they
                           are byte for byte what `mtqa check CORPUS --format jsonl` prints)
  OUT/findings.parquet     the same as Parquet (with --parquet)
  OUT/summary/part-00000   findings per check, category and severity; segments flagged
                           (also printed)

Run it with spark-submit (see the README, "Checking a corpus on a cluster"):

  spark-submit --master local[2] examples/spark/check_corpus.py \
      --mtqa target/release/mtqa corpus.jsonl out/

On YARN or Kubernetes, ship the binary with `--files target/release/mtqa` (it lands in each
executor's working directory) and give the corpus and the output as cluster paths.
"""

import argparse
import json
import os
import sys
from collections import Counter

from pyspark import SparkFiles
from pyspark.sql import SparkSession

# mtqa checks segment files in windows of this many lines (`formats::WINDOW_LINES`; `mtqa
# checks` names the checks that see a window). Partitions start at a window's first line.
WINDOW_LINES = 1000
CONTEXT_PREFIX = "#mtqa-stream "


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("corpus", help="the JSON Lines corpus (any path Spark reads: file://, hdfs://, s3a:// …)")
    p.add_argument("out", help="the output folder (must not exist)")
    p.add_argument(
        "--mtqa",
        default="mtqa",
        help="the mtqa binary to ship to the executors (default: `mtqa`; with spark-submit "
        "--files, give its file name and it is not added again)",
    )
    p.add_argument(
        "--name",
        help="the file name findings give (default: the corpus path as given, as `mtqa check CORPUS` prints it)",
    )
    p.add_argument("--partitions", type=int, help="partitions to check (default: Spark's default parallelism)")
    p.add_argument("--lang", help="target language, ISO 639-1 (default: detected per window)")
    p.add_argument("--source-lang", help="source language, ISO 639-1 (default: detected per window)")
    p.add_argument("--parquet", action="store_true", help="also write the findings as Parquet")
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    spark = SparkSession.builder.appName("mtqa check_corpus").getOrCreate()
    sc = spark.sparkContext
    local = sc.master.startswith("local")

    # Ship the binary. With `spark-submit --files mtqa` it is there already.
    shipped = os.path.basename(args.mtqa)
    if os.path.isfile(args.mtqa) and shipped not in (sc.getConf().get("spark.files") or ""):
        sc.addFile(os.path.abspath(args.mtqa))
    # Executors fetch shipped files into their working directory; in local mode the
    # executor is the driver, which keeps them in its own folder.
    binary = SparkFiles.get(shipped) if local else "./" + shipped
    command = [binary, "check", "-", "--input-format", "jsonl", "--format", "jsonl"]
    if args.lang:
        command += ["--lang", args.lang]
    if args.source_lang:
        command += ["--source-lang", args.source_lang]
    # One thread per task: Spark runs a task per core already.
    command += ["--jobs", "1"]

    name = args.name or args.corpus
    lines = sc.textFile(args.corpus)
    indexed = lines.zipWithIndex().map(lambda li: (li[1], li[0])).cache()

    # Records (non-blank lines) per window: a record without an id is numbered by its
    # place in the corpus, so each partition is told how many came before it.
    per_window = dict(
        indexed.filter(lambda kv: kv[1].strip() != "")
        .map(lambda kv: (kv[0] // WINDOW_LINES, 1))
        .reduceByKey(lambda a, b: a + b)
        .collect()
    )
    windows = (max(per_window) + 1) if per_window else 0
    partitions = max(1, min(args.partitions or sc.defaultParallelism, max(windows, 1)))
    per_part = max(1, -(-windows // partitions))
    before = {}
    seen = 0
    for w in range(windows):
        if w % per_part == 0:
            before[w // per_part] = seen
        seen += per_window.get(w, 0)

    def add_context(part, items):
        first = True
        for index, line in items:
            if first:
                first = False
                context = {"file": name, "line": index + 1, "record": before.get(part, 0)}
                yield CONTEXT_PREFIX + json.dumps(context, ensure_ascii=False)
            yield line

    parts = indexed.repartitionAndSortWithinPartitions(
        partitions, partitionFunc=lambda index: (index // WINDOW_LINES) // per_part
    )
    findings = (
        parts.mapPartitionsWithIndex(add_context, preservesPartitioning=True)
        .pipe(" ".join(_quote(c) for c in command))
        .cache()
    )
    findings.saveAsTextFile(os.path.join(args.out, "findings"))

    def tally(items):
        counts = {"check": Counter(), "category": Counter(), "severity": Counter()}
        flagged = set()
        total = 0
        for line in items:
            f = json.loads(line)
            total += 1
            for key in counts:
                counts[key][f[key]] += 1
            if f.get("segment") is not None:
                flagged.add(f["segment"])
        yield total, counts, flagged

    total, counts, flagged = 0, {"check": Counter(), "category": Counter(), "severity": Counter()}, 0
    # A record is in one partition: segments flagged are counted per partition and summed.
    for t, c, f in findings.mapPartitions(tally).collect():
        total += t
        for key in counts:
            counts[key].update(c[key])
        flagged += len(f)
    summary = {
        "corpus": name,
        "segments": sum(per_window.values()),
        "segments_flagged": flagged,
        "findings": total,
        "by_check": dict(sorted(counts["check"].items())),
        "by_category": dict(sorted(counts["category"].items())),
        "by_severity": dict(sorted(counts["severity"].items())),
        "partitions": partitions,
        "window_lines": WINDOW_LINES,
    }
    if args.parquet:
        spark.read.json(findings).write.parquet(os.path.join(args.out, "findings.parquet"))
    summary_text = json.dumps(summary, indent=2, ensure_ascii=False)
    # The summary goes beside the findings (through Spark, so it works for any file system).
    sc.parallelize([summary_text], 1).saveAsTextFile(os.path.join(args.out, "summary"))
    print(summary_text)
    spark.stop()


def _quote(word):
    """Quotes a word for RDD.pipe, which splits its command with shlex."""
    import shlex

    return shlex.quote(word)


if __name__ == "__main__":
    main(sys.argv[1:])
