"""Drives the kernel with jupyter_client the way front ends do; prints one JSON object: check name -> "ok" or the failure.

Usage: client_checks.py CHECK [CHECK...]   (JUPYTER_PATH and NBKIT_KERNEL_NAME select the kernelspec)
"""
import json
import os
import sys
import time
import traceback
from queue import Empty

from jupyter_client.manager import start_new_kernel

KERNEL = os.environ.get("NBKIT_KERNEL_NAME", "nbkit-csharp")
TIMEOUT = 120


def run(kc, code, **kwargs):
    """Executes code; returns (reply content, iopub messages of that request without status/execute_input)."""
    outputs = []
    reply = kc.execute_interactive(code, timeout=TIMEOUT, output_hook=outputs.append, **kwargs)
    return reply["content"], [m for m in outputs if m["msg_type"] not in ("status", "execute_input")]


def text_of(messages, mime="text/plain"):
    for m in messages:
        if m["msg_type"] in ("execute_result", "display_data") and mime in m["content"]["data"]:
            return m["content"]["data"][mime]
    return None


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def interrupt_keeps_variables(km, kc):
    run(kc, "var survivor = 41;")
    msg_id = kc.execute("while (true) { }")
    # Wait until the cell is really running (its execute_input is out), then interrupt as a front end does.
    deadline = time.time() + TIMEOUT
    while time.time() < deadline:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
            break
    time.sleep(0.5)
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=60)
    check(reply["parent_header"]["msg_id"] == msg_id, "the reply is not for the interrupted cell")
    check(reply["content"]["status"] == "error", f"the interrupted cell's reply is {reply['content']['status']}, not error")
    content, outputs = run(kc, "survivor + 1")
    check(content["status"] == "ok", f"the cell after the interrupt failed: {content}")
    check(text_of(outputs) == "42", f"survivor + 1 gave {text_of(outputs)!r}, not '42': the variable did not survive")


def restart_starts_a_fresh_session(km, kc):
    run(kc, "var beforeRestart = 1;")
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=TIMEOUT)
    content, outputs = run(kc, "beforeRestart")
    check(content["status"] == "error", "a variable from before the restart is still defined")
    content, outputs = run(kc, "2 + 3")
    check(text_of(outputs) == "5", f"the restarted kernel computed {text_of(outputs)!r} for 2 + 3")


def display_update_in_place(km, kc):
    content, outputs = run(kc, 'var handle = display("first");\nhandle.Update("second");')
    check(content["status"] == "ok", f"the cell failed: {content}")
    shown = [m for m in outputs if m["msg_type"] == "display_data"]
    updates = [m for m in outputs if m["msg_type"] == "update_display_data"]
    check(len(shown) == 1 and len(updates) == 1, f"expected one display_data and one update_display_data, got {[m['msg_type'] for m in outputs]}")
    display_id = shown[0]["content"]["transient"].get("display_id")
    check(display_id, "display_data has no transient display_id")
    check(updates[0]["content"]["transient"].get("display_id") == display_id, "the update names another display_id")
    check(updates[0]["content"]["data"]["text/plain"] == "second", "the update does not carry the new value")


def console_readline_asks_the_front_end(km, kc):
    asked = []

    def answer(msg):
        asked.append(msg["content"]["prompt"])
        kc.input("typed by the student")

    content, outputs = run(kc, 'Console.Write("Name? ");\nvar line = Console.ReadLine();\nConsole.WriteLine($"got [{line}]");',
                           allow_stdin=True, stdin_hook=answer)
    check(content["status"] == "ok", f"the cell failed: {content}")
    check(len(asked) == 1, f"expected one input_request, got {len(asked)}")
    streamed = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
    check("got [typed by the student]" in streamed, f"the line did not reach the cell: {streamed!r}")


def readline_without_stdin_fails_clearly(km, kc):
    content, outputs = run(kc, "var line = Console.ReadLine();", allow_stdin=False)
    check(content["status"] == "error", "Console.ReadLine without stdin did not fail the cell")
    check("allow_stdin" in content["evalue"] or "input" in content["evalue"].lower(), f"unclear message: {content['evalue']}")


def compile_error_points_into_the_cell(km, kc):
    content, outputs = run(kc, "var fine = 1;\nvar broken = undefinedName + 1;")
    check(content["status"] == "error", "a cell that does not compile succeeded")
    text = "\n".join(content["traceback"]) + content["evalue"]
    check("(2," in text and "CS0103" in text, f"the error does not name line 2 and CS0103: {text}")


def error_names_the_exception_once(km, kc):
    content, outputs = run(kc, 'throw new InvalidOperationException("broken on purpose");')
    check(content["status"] == "error", "a cell that throws succeeded")
    errors = [m["content"] for m in outputs if m["msg_type"] == "error"]
    check(len(errors) == 1, f"expected one error message on iopub, got {[m['msg_type'] for m in outputs]}")
    for where, shown in (("execute_reply", content), ("iopub error", errors[0])):
        check(shown["ename"] == "InvalidOperationException", f"{where}: ename is {shown['ename']!r}")
        check(shown["evalue"] == "broken on purpose", f"{where}: evalue is {shown['evalue']!r}, not the message alone")
        # What front ends show: "ename: evalue" (VS Code, the classic notebook's summary) and the traceback lines.
        for text in [f"{shown['ename']}: {shown['evalue']}", "\n".join(shown["traceback"])]:
            check(text.count("InvalidOperationException: broken on purpose") == 1 and text.count("InvalidOperationException") == 1,
                  f"{where}: the exception is not named exactly once in {text!r}")



def deep_recursion_traceback_is_folded(km, kc):
    content, outputs = run(kc, 'int Deep(int n) => n == 0 ? throw new InvalidOperationException("bottom") : Deep(n - 1) + 1;\nDeep(500)')
    check(content["status"] == "error", "a cell that throws succeeded")
    lines = content["traceback"]
    # Deep(0) throws under Deep(1)..Deep(500): the repeated frame shows once with a count, not 501 times.
    check(len(lines) < 50, f"{len(lines)} traceback lines")
    check(sum("Deep(Int32 n)" in l for l in lines) == 1, f"the recursive frame is not shown exactly once: {lines!r}")
    check("   ... the line above repeated 500 more times" in lines, f"no repeat count: {lines!r}")

def stop_on_error_aborts_queued_cells(km, kc):
    first = kc.execute('throw new Exception("first fails");')
    second = kc.execute('Console.WriteLine("must not run");')
    replies = {}
    while len(replies) < 2:
        msg = kc.get_shell_msg(timeout=TIMEOUT)
        replies[msg["parent_header"]["msg_id"]] = msg["content"]["status"]
    check(replies[first] == "error", f"the failing cell replied {replies[first]}")
    check(replies[second] == "aborted", f"the queued cell replied {replies[second]}, not aborted")


def top_level_await_and_trailing_expression(km, kc):
    content, outputs = run(kc, "await Task.Delay(10);\nvar answer = await Task.FromResult(40);\nanswer + 2")
    check(content["status"] == "ok", f"the cell failed: {content}")
    results = [m for m in outputs if m["msg_type"] == "execute_result"]
    check(len(results) == 1 and results[0]["content"]["data"]["text/plain"] == "42", f"unexpected result {outputs}")


def magics_time_and_markdown(km, kc):
    content, outputs = run(kc, "#!time\nvar t = 1;")
    check(content["status"] == "ok", f"#!time failed: {content}")
    check(any("Wall time" in (text_of([m]) or "") for m in outputs), f"#!time printed no wall time: {outputs}")
    content, outputs = run(kc, "#!markdown\n# A heading")
    check(content["status"] == "ok", f"#!markdown failed: {content}")


def nuget_offline_error_names_package_and_feed(km, kc):
    content, outputs = run(kc, '#r "nuget: Surely.Not.A.Real.Package.Nbkit, 1.0.0"')
    check(content["status"] == "error", "an unrestorable package did not fail the cell")
    text = content["evalue"] + "\n".join(content["traceback"])
    check("Surely.Not.A.Real.Package.Nbkit" in text, f"the error does not name the package: {text}")


def complete_sees_earlier_cells(km, kc):
    run(kc, "var learningRateForTest = 0.1;")
    msg_id = kc.complete("learningRateFo", 14)
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    check("learningRateForTest" in reply["content"]["matches"], f"completion missed the earlier variable: {reply['content']}")


CHECKS = {f.__name__: f for f in [
    interrupt_keeps_variables, restart_starts_a_fresh_session, display_update_in_place,
    console_readline_asks_the_front_end, readline_without_stdin_fails_clearly, compile_error_points_into_the_cell,
    error_names_the_exception_once, deep_recursion_traceback_is_folded, stop_on_error_aborts_queued_cells, top_level_await_and_trailing_expression, magics_time_and_markdown,
    nuget_offline_error_names_package_and_feed, complete_sees_earlier_cells]}

if __name__ == "__main__":
    results = {}
    km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=TIMEOUT)
    try:
        for name in sys.argv[1:] or CHECKS:
            try:
                CHECKS[name](km, kc)
                results[name] = "ok"
            except Exception:
                results[name] = traceback.format_exc()
                # Leave a clean kernel for the next check.
                try:
                    km.interrupt_kernel()
                    while True:
                        kc.get_shell_msg(timeout=2)
                except Empty:
                    pass
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    print(json.dumps(results))
