#!/usr/bin/env python3
"""Reads the test probe's reports (probe/pivault-test-probe) from the virtio console log of a test VM.

  probe.py LOG KEY          the KEY value of the newest complete report ("" if none yet)
  probe.py LOG --journal    pivault.service's journal of the newest complete report, one "PRIORITY MESSAGE" per line
  probe.py LOG --firstboot  pivault-firstboot.service's journal of the newest complete report
"""
import json
import sys


def newest_report(path):
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except FileNotFoundError:
        return None
    end = text.rfind("=== end")
    if end < 0:
        return None
    start = text.rfind("=== report", 0, end)
    return text[start:end].splitlines()[1:] if start >= 0 else None


def main():
    log, what = sys.argv[1], sys.argv[2]
    lines = newest_report(log) or []
    section = "values"
    for line in lines:
        if line.startswith("--- "):
            section = line[4:]
            continue
        if what == "--journal" and section == "journal":
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            print(entry.get("PRIORITY", "?"), entry.get("MESSAGE", ""))
        elif what == "--firstboot" and section == "firstboot":
            print(line)
        elif section == "values" and not what.startswith("--"):
            key, _, value = line.partition(" ")
            if key == what:
                print(value)
                return


main()
