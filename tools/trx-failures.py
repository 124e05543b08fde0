#!/usr/bin/env python3
"""Print every failed test in the given .trx files: its name, message and the top of its stack trace.

tools/test.sh calls this just before its closing line, so a log that keeps only its last lines
still names what failed and why.
"""
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
MAX_LINES = 12


def failures(path):
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as error:
        yield f"{path}: cannot read the results file ({error})", ""
        return
    for result in root.iterfind(".//t:Results/t:UnitTestResult", NS):
        if result.get("outcome") != "Failed":
            continue
        name = result.get("testName", "?")
        message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=NS)
        trace = result.findtext("t:Output/t:ErrorInfo/t:StackTrace", default="", namespaces=NS)
        yield name, (message.strip() + "\n" + trace.strip()).strip()


def main(paths):
    count = 0
    for path in paths:
        for name, detail in failures(path):
            count += 1
            print(f"FAILED {name}")
            lines = detail.splitlines()
            for line in lines[:MAX_LINES]:
                print(f"    {line}")
            if len(lines) > MAX_LINES:
                print(f"    ... ({len(lines) - MAX_LINES} more lines in {path})")
    if count:
        print(f"== {count} failed test(s) listed above")


if __name__ == "__main__":
    main(sys.argv[1:])
