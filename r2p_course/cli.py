"""``r2p-course``: check the course's data, or re-parse the report into its tables."""

from __future__ import annotations

import argparse
import sys

from .paths import REPORT_DIR, REPORT_TEXT, relative


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="r2p-course", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate every table and quiz bank; exit 1 on any problem")
    sub.add_parser("parse-report", help="rewrite data/report/paragraphs.csv and footnotes.csv")
    args = parser.parse_args(argv)

    if args.command == "check":
        from .data import check_all

        problems = check_all()
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"{len(problems)} problem(s) found.", file=sys.stderr)
            return 1
        print("All tables and quiz banks are valid.")
        return 0
    from .report import write_tables

    for path in write_tables(REPORT_TEXT, REPORT_DIR):
        print(f"wrote {relative(path)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
