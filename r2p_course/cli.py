"""r2p-course: the course's tools for authors and trainers (one line each below; add --help
after a command for its options). After `make book`, run it as .venv/bin/r2p-course, or
type `source .venv/bin/activate` once and then r2p-course."""

from __future__ import annotations

import argparse
import sys

from .paths import REPORT_DIR, REPORT_TEXT, relative


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="r2p-course", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, title="commands", metavar="COMMAND")
    sub.add_parser("check", help="validate every table and quiz bank; exit 1 on any problem")
    sub.add_parser("parse-report", help="rewrite data/report/paragraphs.csv and footnotes.csv")
    sub.add_parser("pages", help="regenerate the pages made from data/ (report, glossary, references, keys...)")
    hub = sub.add_parser("hub-link", help="print the nbgitpuller link that opens the course on a JupyterHub")
    hub.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.org")
    hub.add_argument("--repo", help="git URL the hub clones (default: repository in _config.yml's r2p_launch)")
    hub.add_argument("--branch", help="branch to pull (default: r2p_launch's branch, main)")
    hub.add_argument("--path", default="book/intro.md", help="page to open, in the course (default: %(default)s)")
    hub.add_argument("--targetpath", help="the course's folder in each learner's home (default: the repository's name)")
    results = sub.add_parser(
        "results", help="merge learners' answers files into class results (CSV, JSON and a short summary)",
        description="Merge the answers files learners downloaded from 'My answers' (or, on a hub, their "
        "progress files), grade every answer again and sum up the class's results. Exit 0 when at least "
        "one file counted, 1 when none did.")
    results.add_argument("paths", nargs="*", metavar="FILE_OR_FOLDER",
                         help="answers files, folders whose .json files are read, or quoted patterns such as "
                         "'/home/*/.r2p-course/progress.json'")
    results.add_argument("--homes", action="append", default=[], metavar="DIR",
                         help="on a hub: a folder of learners' homes (e.g. /home); reads each "
                         "HOME/.r2p-course/progress.json (give --homes again for another folder)")
    results.add_argument("--out", required=True, metavar="DIR", help="folder for the CSV and JSON files")
    results.add_argument("--banks", nargs="+", metavar="BANK",
                         help="the banks the workshop assigned (space- or comma-separated; default: the banks "
                         "anyone answered)")
    results.add_argument("--all-banks", action="store_true",
                         help="count every bank (but the authors' example), answered or not")
    args = parser.parse_args(argv)

    if args.command == "results":
        from pathlib import Path

        from .results import run

        if not args.paths and not args.homes:
            parser.error("results: give answers files or folders, or --homes DIR")
        banks = [b for item in args.banks or [] for b in item.split(",") if b]
        try:
            return run(args.paths, Path(args.out), banks or None, args.homes, args.all_banks)
        except ValueError as exc:  # an unknown bank: the message lists the banks there are
            parser.error(str(exc))

    if args.command == "check":
        from .activities import libya_events
        from .errors import DataError
        from .quiz import check_all

        problems = check_all()
        try:  # the simulation's events, against documents.csv (verified sources only)
            libya_events()
        except DataError as exc:
            problems.append(str(exc))
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"{len(problems)} problem(s) found.", file=sys.stderr)
            return 1
        print("All tables and quiz banks are valid.")
        return 0
    if args.command == "hub-link":
        from .launch import print_hub_link

        return print_hub_link(args.hub, args.repo, args.branch, args.path, args.targetpath)
    if args.command == "pages":
        from .generate import generated_pages, write_pages

        written, removed = write_pages()
        for path in generated_pages():
            print(f"{'wrote' if path in written else 'unchanged'} {relative(path)}")
        for path in removed:
            print(f"removed {relative(path)} (its bank is gone)")
        return 0
    from .report import write_tables

    for path in write_tables(REPORT_TEXT, REPORT_DIR):
        print(f"wrote {relative(path)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
