#!/usr/bin/env python3
"""Check that `sitrep export --format parquet` output reads back, as it is, in
DuckDB and pandas, and agrees with the store it came from.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install duckdb pandas pyarrow
    sitrep ingest --db s.db examples/ && sitrep export --db s.db --format parquet --out pq
    /tmp/venv/bin/python tools/check_parquet.py s.db pq

For each exported kind (articles, entities, events, claims, positions):
- DuckDB reads DIR/KIND/*/*.parquet with hive_partitioning (the `date=YYYY-MM`
  folder becomes a `date` column) and the row count equals the store's table;
- every row's `date` partition equals the month of its date column;
- DATE columns come back as dates, counts as integers;
- pandas (pyarrow) reads the same tree and agrees on the row count.
Exits 1 with one line per problem, 0 with a summary otherwise. Python's
sqlite3 reads the store (read-only), so nothing but the venv is needed.
"""

import sqlite3
import sys
from pathlib import Path

import duckdb
import pandas as pd

# kind -> (store SQL counting its rows, partition date column, integer columns)
KINDS = {
    "articles": ("SELECT count(*) FROM articles", "published", ["id", "text_chars"]),
    "entities": ("SELECT count(*) FROM g_entities", "first_seen", ["id", "articles", "mentions"]),
    "events": ("SELECT count(*) FROM g_events", "event_date", ["id", "mentions", "articles", "sources"]),
    "claims": ("SELECT count(*) FROM g_claims", "first_seen", ["id", "for", "against", "articles"]),
    "positions": ("SELECT count(*) FROM positions", "published", ["article", "polarity"]),
}


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: check_parquet.py STORE.db EXPORT_DIR")
    db, out = sys.argv[1], Path(sys.argv[2])
    store = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    problems, summary = [], []
    for kind, (count_sql, date_col, int_cols) in KINDS.items():
        want = store.execute(count_sql).fetchone()[0]
        files = sorted(out.glob(f"{kind}/date=*/part-0.parquet"))
        if not files:
            if want:
                problems.append(f"{kind}: {want} rows in the store, no Parquet files")
            else:
                summary.append(f"{kind}: 0 rows (no files)")
            continue
        glob = str(out / kind / "*" / "*.parquet")
        con = duckdb.connect()
        rel = con.sql(f"SELECT * FROM read_parquet('{glob}', hive_partitioning = true)")
        got = con.sql(f"SELECT count(*) FROM read_parquet('{glob}', hive_partitioning = true)").fetchall()[0][0]
        if got != want:
            problems.append(f"{kind}: DuckDB reads {got} rows, the store has {want}")
        types = dict(zip(rel.columns, [str(t) for t in rel.types]))
        if types.get(date_col) != "DATE":
            problems.append(f"{kind}: {date_col} is {types.get(date_col)}, not DATE")
        for c in int_cols:
            if types.get(c) != "BIGINT":
                problems.append(f"{kind}: {c} is {types.get(c)}, not BIGINT")
        bad = con.sql(
            f"""SELECT count(*) FROM read_parquet('{glob}', hive_partitioning = true)
                WHERE CAST(date AS VARCHAR) <> coalesce(strftime({date_col}, '%Y-%m'), 'unknown')"""
        ).fetchall()[0][0]
        if bad:
            problems.append(f"{kind}: {bad} rows in the wrong month folder")
        frame = pd.read_parquet(out / kind)
        if len(frame) != want:
            problems.append(f"{kind}: pandas reads {len(frame)} rows, the store has {want}")
        summary.append(f"{kind}: {got} rows in {len(files)} files")
    if problems:
        for p in problems:
            print(f"check_parquet: {p}", file=sys.stderr)
        sys.exit(1)
    print("check_parquet: ok: " + "; ".join(summary))


if __name__ == "__main__":
    main()
