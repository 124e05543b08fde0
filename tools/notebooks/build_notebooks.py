#!/usr/bin/env python3
"""Builds notebooks/*.ipynb from the readable cell sources in tools/notebooks/*.cells.

Why a source format: .ipynb JSON is hard to review and merge (every line is a quoted string). The
.cells files are plain text, one cell after another, so a diff of a lesson reads like prose. This
script writes the minimal interoperable template of shared/reference/notebooks-and-kernels.md §1.6:
.NET (C#) kernel metadata, nbformat 4.5, deterministic cell ids, no outputs, execution_count null,
every text field as an array of lines, one-space indent like the .NET writer.

Source format (a line that starts with "%%" opens a cell):

    %% markdown
    # A title
    %% code
    #r "../src/NotebookKit/bin/Release/net8.0/NotebookKit.dll"
    %% code tags=parameters
    int Epochs = 3;

Blank lines at the start and end of a cell are dropped. Cell ids are the first 8 hex digits of
sha1("<notebook name>/<cell index>"), so rebuilding an unchanged notebook gives identical bytes.

Usage (only the Python standard library is needed):

    python3 tools/notebooks/build_notebooks.py           # write notebooks/*.ipynb
    python3 tools/notebooks/build_notebooks.py --check   # exit 1 if a notebook differs from its source
    python3 tools/notebooks/build_notebooks.py --import  # carry notebooks/*.ipynb edited in VS Code back into .cells

--import keeps cell kinds, sources and tags and drops outputs, so a notebook edited and run in VS Code can be carried
back without stripping it first; rebuild afterwards to get the canonical file.
"""

import hashlib
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCES = ROOT / "tools" / "notebooks"
TARGET = ROOT / "notebooks"

NOTEBOOK_METADATA = {
    "kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
    "language_info": {
        "file_extension": ".cs",
        "mimetype": "text/x-csharp",
        "name": "C#",
        "pygments_lexer": "csharp",
        "version": "13.0",
    },
    "polyglot_notebook": {
        "kernelInfo": {"defaultKernelName": "csharp", "items": [{"aliases": [], "name": "csharp"}]}
    },
}

CODE_METADATA = {"dotnet_interactive": {"language": "csharp"}, "polyglot_notebook": {"kernelName": "csharp"}}


def parse_cells(text, origin):
    """Splits a .cells file into (kind, tags, lines) triples."""
    cells = []
    current = None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("%%"):
            words = line[2:].split()
            if not words or words[0] not in ("markdown", "code"):
                raise SystemExit(f"{origin}:{number}: a cell header is '%% markdown' or '%% code [tags=a,b]', got {line!r}")
            tags = []
            for word in words[1:]:
                if not word.startswith("tags="):
                    raise SystemExit(f"{origin}:{number}: unknown cell option {word!r} (only tags=...)")
                tags = [t for t in word[len("tags="):].split(",") if t]
            current = (words[0], tags, [])
            cells.append(current)
        elif current is None:
            if line.strip():
                raise SystemExit(f"{origin}:{number}: text before the first '%%' cell header")
        else:
            current[2].append(line)
    return [(kind, tags, trim_blank(lines)) for kind, tags, lines in cells]


def trim_blank(lines):
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return [line.rstrip() for line in lines[start:end]]


def as_source(lines):
    """The .ipynb convention: each line keeps its newline except the last."""
    return [line + "\n" for line in lines[:-1]] + lines[-1:]


def cell_id(name, index):
    return hashlib.sha1(f"{name}/{index}".encode("utf-8")).hexdigest()[:8]


def build(name, cells):
    out = []
    for index, (kind, tags, lines) in enumerate(cells):
        if not lines:
            raise SystemExit(f"{name}: cell {index + 1} is empty")
        cid = cell_id(name, index)
        if kind == "markdown":
            metadata = {"tags": tags} if tags else {}
            out.append({"cell_type": "markdown", "id": cid, "metadata": metadata, "source": as_source(lines)})
        else:
            metadata = dict(CODE_METADATA)
            if tags:
                metadata["tags"] = tags
            out.append({
                "cell_type": "code",
                "execution_count": None,
                "id": cid,
                "metadata": metadata,
                "outputs": [],
                "source": as_source(lines),
            })
    notebook = {"cells": out, "metadata": NOTEBOOK_METADATA, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def to_cells(notebook, origin):
    """The .cells text of a parsed notebook: the inverse of build(), outputs and metadata aside."""
    parts = []
    for index, cell in enumerate(notebook.get("cells", [])):
        kind = cell.get("cell_type")
        if kind not in ("markdown", "code"):
            raise SystemExit(f"{origin}: cell {index + 1} is a {kind!r} cell; only markdown and code cells are supported")
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        lines = trim_blank(text.splitlines())
        if any(line.startswith("%%") for line in lines):
            raise SystemExit(f"{origin}: cell {index + 1} has a line starting with '%%', which the .cells format reserves for headers")
        tags = [t for t in cell.get("metadata", {}).get("tags", []) if t != "injected-parameters"]
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            continue  # written by a parameterised run, not part of the lesson
        header = f"%% {kind}" + (f" tags={','.join(tags)}" if tags else "")
        parts.append(header + "\n" + "\n".join(lines) + "\n")
    return "\n".join(parts)


def import_notebooks():
    notebooks = sorted(TARGET.glob("*.ipynb"))
    for notebook_path in notebooks:
        notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
        target = SOURCES / (notebook_path.stem + ".cells")
        temp = target.with_suffix(".cells.tmp")
        temp.write_text(to_cells(notebook, notebook_path), encoding="utf-8", newline="\n")
        temp.replace(target)
        print(f"wrote {target.relative_to(ROOT)}")
    return 0


def main(argv):
    if "--import" in argv[1:]:
        return import_notebooks()
    check = "--check" in argv[1:]
    sources = sorted(SOURCES.glob("*.cells"))
    if not sources:
        raise SystemExit(f"no *.cells sources under {SOURCES}")
    stale = []
    for source in sources:
        name = source.name[: -len(".cells")]
        text = build(name, parse_cells(source.read_text(encoding="utf-8"), source))
        target = TARGET / f"{name}.ipynb"
        if check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(target)
            continue
        TARGET.mkdir(parents=True, exist_ok=True)
        temp = target.with_suffix(".ipynb.tmp")
        temp.write_text(text, encoding="utf-8", newline="\n")
        temp.replace(target)  # temp + rename: a reader never sees half a notebook
        print(f"wrote {target.relative_to(ROOT)}")
    if stale:
        for target in stale:
            print(f"out of date: {target.relative_to(ROOT)} (run tools/notebooks/build_notebooks.py)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
