"""jupyter_kernel_test's conformance suite with a C# test class; prints one JSON object: test name -> outcome.

Run with JUPYTER_PATH pointing at the data folder that holds the kernelspec, and NBKIT_KERNEL_NAME naming it.
"""
import json
import os
import sys
import unittest

import jupyter_kernel_test


class CSharpKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("NBKIT_KERNEL_NAME", "nbkit-csharp")
    language_name = "C#"
    file_extension = ".cs"

    code_hello_world = 'Console.WriteLine("hello, world");'
    code_stderr = 'Console.Error.WriteLine("to stderr");'

    completion_samples = [
        {"text": "Console.WriteL", "matches": {"WriteLine"}},
        {"text": "Math.Sq", "matches": {"Sqrt"}},
    ]

    complete_code_samples = ["1 + 1", 'Console.WriteLine("hi");', "#!time\nvar x = 1;", "int Twice(int v) => 2 * v;"]
    incomplete_code_samples = ["if (true) {", "for (int i = 0; i < 3; i++)\n{", "var list = new List<int>\n{"]
    invalid_code_samples = ["var x = );", "int 3x = 1;"]

    code_generate_error = 'throw new InvalidOperationException("boom");'

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": '"a" + "b"', "result": "ab"},
        {"code": "6 * 7", "result": "42"},
    ]
    code_history_pattern = "6*"
    supported_history_operations = ("tail", "range", "search")

    code_display_data = [
        {"code": 'display(HTML("<b>bold</b>"));', "mime": "text/html"},
        {"code": 'display("plain text");', "mime": "text/plain"},
    ]

    code_inspect_sample = "Math.Max"


class Recorder(unittest.TextTestResult):
    outcomes = {}

    def _record(self, test, outcome, detail=""):
        name = test.id().split(".")[-1]
        previous = self.outcomes.get(name)
        # A failing subtest decides the test's outcome.
        if previous is None or previous["outcome"] == "ok":
            self.outcomes[name] = {"outcome": outcome, "detail": detail}

    def addSuccess(self, test):
        super().addSuccess(test)
        self._record(test, "ok")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._record(test, "fail", self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self._record(test, "error", self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._record(test, "skip", reason)

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            outcome = "skip" if issubclass(err[0], unittest.SkipTest) else "fail"
            if outcome == "fail":
                self.outcomes[test.id().split(".")[-1]] = {"outcome": "fail", "detail": f"{subtest}: {self._exc_info_to_string(err, test)}"}


if __name__ == "__main__":
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(CSharpKernelTests)
    runner = unittest.TextTestRunner(stream=sys.stderr, verbosity=2, resultclass=Recorder)
    runner.run(suite)
    print(json.dumps(Recorder.outcomes))
