"""``r2p-course``: check the course's data, re-parse the report, or regenerate the pages made from data."""

from __future__ import annotations

import argparse
import sys

from .paths import REPORT_DIR, REPORT_TEXT, relative


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="r2p-course", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate every table and quiz bank; exit 1 on any problem")
    sub.add_parser("parse-report", help="rewrite data/report/paragraphs.csv and footnotes.csv")
    sub.add_parser("pages", help="regenerate the book pages made from data/ (report, glossary)")
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
    if args.command == "pages":
        from .pages import generated_pages, write_pages

        written = write_pages()
        for path in generated_pages():
            print(f"{'wrote' if path in written else 'unchanged'} {relative(path)}")
        return 0
    from .report import write_tables

    for path in write_tables(REPORT_TEXT, REPORT_DIR):
        print(f"wrote {relative(path)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
