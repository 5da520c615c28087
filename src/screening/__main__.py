from screening.cli import entry

raise SystemExit(entry())
