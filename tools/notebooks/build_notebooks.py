#!/usr/bin/env python3
"""Builds notebooks/*.ipynb from the lesson sources lessons/*.cs (Jupytext's percent format for C#).

Why a source format: .ipynb JSON is hard to review and merge (every line is a quoted string). A lesson source is a
plain C# file, one cell after another, so a diff reads like prose, and the same file is meant to run as a .NET 10
file-based app. This script writes the minimal interoperable template of the .NET kernels: .NET (C#) kernel
metadata, nbformat 4.5, deterministic cell ids, no outputs, execution_count null, every text field as an array of
lines, one-space indent like the .NET writer.

Source format (a line that starts with "// %%" opens a cell; docs/notebooks.md has the full description):

    #:project ../src/NotebookKit/NotebookKit.csproj

    // %% [markdown]
    // # A title
    //
    // Some prose.

    // %%
    using NotebookKit.Schedules;

    // %% tags=["parameters"]
    int Epochs = 3;

The lines before the first cell are the file-based-app header. `#:project DIR/NAME.csproj` becomes
`#r "DIR/bin/Release/net8.0/NAME.dll"` and `#:package NAME@VERSION` becomes `#r "nuget: NAME, VERSION"`, both at the
top of the notebook's first code cell; `#:property`, `#:sdk`, `using static` lines and the file-app host project
(NotebookKit.Notebooks) exist only for the file-based app and are left out of the notebook. Inside a code cell a
kernel magic (`#r`, `#i`, `#!...`) is written commented out as `// #r ...`, so the file stays valid C#; a line that
is already a commented magic gets one more `// ` (Jupytext's escaping), so nothing is lost either way.

Blank lines at the start and end of a cell are dropped. Cell ids are the first 8 hex digits of
sha1("<lesson name>/<cell index>"), so rebuilding an unchanged lesson gives identical bytes.

Usage (only the Python standard library is needed):

    python3 tools/notebooks/build_notebooks.py           # write notebooks/*.ipynb from lessons/*.cs
    python3 tools/notebooks/build_notebooks.py --check   # exit 1 if a notebook differs from its lesson source
    python3 tools/notebooks/build_notebooks.py --import  # carry notebooks/*.ipynb edited in VS Code back into lessons/*.cs

--import keeps cell kinds, sources and tags and drops outputs, so a notebook edited and run in VS Code can be carried
back without stripping it first; rebuild afterwards to get the canonical file.
"""

import hashlib
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCES = ROOT / "lessons"
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

# The project that gives a file-based app display(), HTML() and the write-up; a notebook kernel provides those itself.
FILE_APP_HOST = "NotebookKit.Notebooks"

# What a file-based app needs in scope to run notebook cells unchanged: display(), HTML() and the write-up.
FILE_APP_USING = "using static NotebookKit.Notebooks.FileApps.FileAppGlobals;"

MARKER = re.compile(r"^// %%(.*)$")
# A kernel magic, possibly already commented out (escaped) any number of times.
MAGIC = re.compile(r"^\s*(// |//)*(#!|#r\s|#i\s|#:)")
PROJECT = re.compile(r"^#:project\s+(.+?)\s*$")
PACKAGE = re.compile(r"^#:package\s+([^@\s]+)(?:@(\S+))?\s*$")
LIBRARY_REFERENCE = re.compile(r'^#r\s+"(.+)/bin/Release/net8\.0/([^/"]+)\.dll"\s*$')
NUGET_REFERENCE = re.compile(r'^#r\s+"nuget:\s*([^,"\s]+)\s*(?:,\s*([^"\s]+)\s*)?"\s*$')


def fail(origin, number, message):
    raise SystemExit(f"{origin}:{number}: {message}")


def parse_marker(options, origin, number):
    """'// %% [markdown] tags=["a"]' -> ("markdown", ["a"])."""
    options = options.strip()
    kind = "code"
    for candidate in ("markdown", "raw"):
        if options.startswith(f"[{candidate}]"):
            kind = candidate
            options = options[len(candidate) + 2:].strip()
    tags = []
    if options:
        if not options.startswith("tags="):
            fail(origin, number, f"unknown cell option {options!r} (a cell marker is '// %%', '// %% [markdown]' "
                                 "or either followed by tags=[\"...\"])")
        try:
            tags = json.loads(options[len("tags="):])
        except json.JSONDecodeError:
            tags = None
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            fail(origin, number, f"tags must be a JSON list of strings, e.g. tags=[\"parameters\"], got {options!r}")
    return kind, tags


def header_references(header, origin):
    """The notebook #r lines that the file-based-app header stands for."""
    references = []
    for number, line in header:
        text = line.strip()
        if not text or text.startswith("//") or text.startswith("#!/"):
            continue
        if text.startswith("using static "):
            continue  # file-app only: brings display() and friends into scope
        project = PROJECT.match(text)
        if project:
            path = project.group(1).replace("\\", "/")
            name = pathlib.PurePosixPath(path).stem
            if not path.endswith(".csproj"):
                fail(origin, number, f"#:project names a .csproj file here (DIR/NAME.csproj), got {path!r}")
            if name != FILE_APP_HOST:
                folder = str(pathlib.PurePosixPath(path).parent)
                references.append(f'#r "{folder}/bin/Release/net8.0/{name}.dll"')
            continue
        package = PACKAGE.match(text)
        if package:
            name, version = package.group(1), package.group(2)
            if name != FILE_APP_HOST:
                references.append(f'#r "nuget: {name}' + (f', {version}"' if version else '"'))
            continue
        if text.startswith("#:property ") or text.startswith("#:sdk "):
            continue
        fail(origin, number, "before the first '// %%' cell only the file-based-app header may stand "
                             f"(#:project, #:package, #:property, #:sdk, using static, comments), got {line!r}")
    return references


def parse_lesson(text, origin):
    """Splits a lesson source into (kind, tags, lines) triples, the header's #r lines opening the first code cell."""
    header = []
    cells = []
    current = None
    for number, line in enumerate(text.splitlines(), start=1):
        marker = MARKER.match(line)
        if marker:
            kind, tags = parse_marker(marker.group(1), origin, number)
            current = (kind, tags, [])
            cells.append(current)
        elif current is None:
            header.append((number, line))
        elif current[0] == "code":
            if MAGIC.match(line) and not line.lstrip().startswith("//"):
                fail(origin, number, f"a kernel directive inside a cell must be commented out (// {line.strip()}): "
                                     "the file must stay valid C#; the setup cell's #r lines are the #:project/#:package header")
            current[2].append(unescape(line))
        else:
            if line.strip() and not line.startswith("//"):
                fail(origin, number, f"every line of a {current[0]} cell starts with '// ', got {line!r}")
            current[2].append(uncomment(line))
    if not cells:
        raise SystemExit(f"{origin}: no '// %%' cell marker")
    result = [(kind, tags, trim_blank(lines)) for kind, tags, lines in cells]
    references = header_references(header, origin)
    if references:
        first_code = next((cell for cell in result if cell[0] == "code"), None)
        if first_code is None:
            raise SystemExit(f"{origin}: the header references a library but there is no code cell to load it in")
        first_code[2][:0] = references
    return result


def uncomment(line):
    if line.startswith("// "):
        return line[3:]
    return line[2:] if line.startswith("//") else line


def unescape(line):
    """A code line '// #r ...' is the notebook's '#r ...' (one level of Jupytext's magic escaping removed)."""
    if line.startswith("// ") and MAGIC.match(line[3:]):
        return line[3:]
    if line.startswith("//") and MAGIC.match(line[2:]):
        return line[2:]
    return line


def escape(line):
    return "// " + line if MAGIC.match(line) else line


def trim_blank(lines):
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


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
        if kind in ("markdown", "raw"):
            metadata = {"tags": tags} if tags else {}
            out.append({"cell_type": kind, "id": cid, "metadata": metadata, "source": as_source(lines)})
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


def to_lesson(notebook, origin):
    """The lesson source of a parsed notebook: the inverse of parse_lesson() + build(), outputs aside."""
    header = []
    parts = []
    first_code = True
    for index, cell in enumerate(notebook.get("cells", [])):
        kind = cell.get("cell_type")
        if kind not in ("markdown", "code", "raw"):
            raise SystemExit(f"{origin}: cell {index + 1} is a {kind!r} cell; only markdown, code and raw cells are supported")
        all_tags = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in all_tags:
            continue  # written by a parameterised run, not part of the lesson
        source = cell.get("source", "")
        lines = trim_blank(("".join(source) if isinstance(source, list) else source).splitlines())
        if any(MARKER.match(line) or MARKER.match("// " + line) for line in lines):
            raise SystemExit(f"{origin}: cell {index + 1} has a line starting with '%%' or '// %%', which mark cells in a lesson source")
        if kind == "code" and first_code:
            first_code = False
            while lines:
                library = LIBRARY_REFERENCE.match(lines[0])
                nuget = NUGET_REFERENCE.match(lines[0])
                if library:
                    header.append(f"#:project {library.group(1)}/{library.group(2)}.csproj")
                elif nuget:
                    header.append(f"#:package {nuget.group(1)}" + (f"@{nuget.group(2)}" if nuget.group(2) else ""))
                else:
                    break
                lines = lines[1:]
            header += file_app_host(header)
        tags = [t for t in all_tags if t != "injected-parameters"]
        marker = "// %%" + ("" if kind == "code" else f" [{kind}]") + (f" tags={json.dumps(tags)}" if tags else "")
        body = [escape(line) for line in lines] if kind == "code" else [("// " + line) if line else "//" for line in lines]
        parts.append("\n".join([marker] + body) + "\n")
    text = "\n".join(parts)
    return ("\n".join(header) + "\n\n" + text) if header else text


def file_app_host(header):
    """The file-app-only header lines: the host project next to a NotebookKit project, and its display() globals."""
    for line in header:
        project = PROJECT.match(line)
        if project and pathlib.PurePosixPath(project.group(1)).name == "NotebookKit.csproj":
            src = pathlib.PurePosixPath(project.group(1)).parent.parent
            return [f"#:project {src}/{FILE_APP_HOST}/{FILE_APP_HOST}.csproj", FILE_APP_USING]
    return []


def import_notebooks():
    notebooks = sorted(TARGET.glob("*.ipynb"))
    SOURCES.mkdir(parents=True, exist_ok=True)
    for notebook_path in notebooks:
        notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
        target = SOURCES / (notebook_path.stem + ".cs")
        temp = target.with_suffix(".cs.tmp")
        temp.write_text(to_lesson(notebook, notebook_path), encoding="utf-8", newline="\n")
        temp.replace(target)
        print(f"wrote {target.relative_to(ROOT)}")
    return 0


def main(argv):
    if "--import" in argv[1:]:
        return import_notebooks()
    check = "--check" in argv[1:]
    sources = sorted(SOURCES.glob("*.cs"))
    if not sources:
        raise SystemExit(f"no *.cs lesson sources under {SOURCES}")
    stale = []
    for source in sources:
        name = source.stem
        text = build(name, parse_lesson(source.read_text(encoding="utf-8"), source))
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
    built = {source.stem for source in sources}
    orphans = [path for path in sorted(TARGET.glob("*.ipynb")) if path.stem not in built]
    for orphan in orphans:
        print(f"no lesson source for {orphan.relative_to(ROOT)} (add lessons/{orphan.stem}.cs, or --import it)")
    if stale:
        for target in stale:
            print(f"out of date: {target.relative_to(ROOT)} (run python3 tools/notebooks/build_notebooks.py)")
    return 1 if stale or (check and orphans) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
