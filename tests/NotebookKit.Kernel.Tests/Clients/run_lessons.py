"""Executes lessons with nbclient on the kernelspec each notebook names (.net-csharp), unchanged
except for one injected cell after the `parameters` cell (papermill's convention) with quick values.

Usage: run_lessons.py OUT_DIR NOTEBOOK=Name=value,Name=value ...
Prints one JSON object: notebook name -> {"status": "ok"|"error", "detail": ..., "outputs": {mime: count},
"errors": [{"cell": n, "ename": ..., "evalue": ...}], "code_cells": n, "not_executed": n}.
"""
import json
import os
import re
import sys
import traceback

import nbclient
import nbformat
import nbformat.sign


def literal(value):
    try:
        int(value)
        return value
    except ValueError:
        pass
    try:
        float(value)
        return value
    except ValueError:
        pass
    if value in ("true", "false"):
        return value
    return json.dumps(value)


def inject(nb, parameters):
    index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", []))
    declared = nb.cells[index].source
    # Only names the parameters cell declares (e.g. `int Epochs = 5;`), so one quick set fits every lesson.
    chosen = [(n, v) for n, v in parameters if re.search(r"\b" + re.escape(n) + r"\s*=", declared)]
    source = "\n".join(f"{name} = {literal(value)};" for name, value in chosen)
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    nb.cells.insert(index + 1, cell)


def main():
    out_dir = sys.argv[1]
    results = {}
    for argument in sys.argv[2:]:
        path, _, spec = argument.partition("=")
        parameters = [p.split("=", 1) for p in spec.split(",") if p]
        name = os.path.splitext(os.path.basename(path))[0]
        nb = nbformat.read(path, as_version=4)
        declared = nb.metadata.get("kernelspec", {}).get("name")
        inject(nb, parameters)
        # No kernel_name: nbclient starts the kernelspec the notebook names (.net-csharp), as a front end would.
        client = nbclient.NotebookClient(nb, timeout=900, startup_timeout=120,
                                         resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
        entry = {"declared_kernel": declared}
        try:
            client.execute()
            entry["status"] = "ok"
        except Exception as e:  # nbclient raises CellExecutionError with the cell's traceback
            entry["status"] = "error"
            entry["detail"] = str(e)[-4000:] or traceback.format_exc()
        counts = {}
        errors = []
        code = [c for c in nb.cells if c.cell_type == "code"]
        for number, cell in enumerate(code, start=1):
            for output in cell.get("outputs", []):
                for mime in output.get("data", {}):
                    counts[mime] = counts.get(mime, 0) + 1
                if output.get("output_type") == "error":
                    errors.append({"cell": number, "ename": output.get("ename"), "evalue": output.get("evalue", "")[:600]})
        entry["outputs"] = counts
        entry["errors"] = errors
        entry["code_cells"] = len(code)
        entry["not_executed"] = sum(1 for c in code if c.get("execution_count") is None)
        # Signed as the kernel's own output, as a front end signs what it executed (`jupyter trust`), so the classic
        # Notebook shows its HTML outputs with their scripts when the notebook is opened again.
        nbformat.sign.NotebookNotary().sign(nb)
        nbformat.write(nb, os.path.join(out_dir, name + ".ipynb"))
        results[name] = entry
    print(json.dumps(results))


if __name__ == "__main__":
    main()
