"""Hostile and careless input (issue 19): each bad-input class, its variants and the outcome;
the readers fuzzed (hypothesis); the HTTP API run through schemathesis.

The classes are the regression tests of issue 19, run here (each checked once to fail on the
code before the fixes); the fuzz and schemathesis runs are larger than the suite's bounded ones.
Usage: ``.venv/bin/python benchmarks/hardening.py [--examples 3000] [--no-write]``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import _report

ROOT = Path(__file__).resolve().parents[1]
#: (class, variants, outcome wanted, regression test)
CLASSES = [
    ("`url` field given a server path (API JSON, form urlencoded, form multipart)",
     "7 values x 3 ways", "400 E015, nothing stored",
     "tests/web/test_hardening.py::test_the_api_url_field_takes_http_urls_only_never_a_server_path"
     " tests/web/test_hardening.py::test_the_form_url_field_takes_http_urls_only_never_a_server_path"),
    ("write without a token, body never ending (API, form with a file after a wrong token)", "2",
     "401 before the body is read",
     "tests/web/test_hardening.py::test_an_api_write_without_a_token_is_refused_before_its_body_is_read"
     " tests/web/test_hardening.py::test_the_form_without_a_valid_token_first_is_refused_before_the_files_are_read"),
    ("chunked body over 60 MB with the token (API, form); announced 200 MB", "3",
     "413 E003 while streaming, with CSP/nosniff",
     "tests/web/test_hardening.py::test_a_chunked_body_over_the_limit_is_refused_while_it_streams"
     " tests/web/test_hardening.py::test_an_announced_oversized_body_gets_the_error_shape_and_the_security_headers"),
    ("offset 10**20, wrong methods, a planted bug", "2 + 2 + 2", "200 empty page; 405 with Allow; "
     "500 E017 in the error shape with the headers",
     "tests/web/test_hardening.py::test_an_offset_past_any_integer_is_an_empty_page_not_a_crash"
     " tests/web/test_hardening.py::test_a_method_not_allowed_says_which_are"
     " tests/web/test_hardening.py::test_an_unexpected_failure_is_a_500_in_the_error_shape_with_the_headers"),
    ("foreign Host headers (DNS rebinding); allowed forms", "4 refused, 6 allowed",
     "400 E015 naming --allow-host",
     "tests/web/test_hardening.py::test_only_the_configured_host_names_are_answered"),
    ("article over spaCy's max_length", "1", "read in pieces, same sentences",
     "tests/read/test_nlp.py"),
    ("server dripping its body, or its status line and headers, a byte every 0.1 s; slow "
     "redirects; a webhook dripping its answer", "4", "one total deadline: E010 timed out",
     "tests/sources/test_url.py::test_the_timeout_is_one_deadline_for_the_whole_fetch_not_per_read"
     " tests/sources/test_url.py::test_the_deadline_cuts_a_server_that_drips_its_status_line_and_headers"
     " tests/sources/test_url.py::test_a_client_call_has_one_deadline_for_a_post_too"),
    ("a feed host answering a public address to the check, a private one after (DNS rebinding)",
     "1", "resolved once, the checked address connected to",
     "tests/sources/test_url.py::test_the_connection_goes_to_the_address_that_was_checked"),
    ("planted link at the token's temp name", "1", "target untouched, token 0600",
     "tests/web/test_hardening.py::test_the_token_file_is_written_through_a_fresh_temp_file_not_a_planted_link"),
    ("terminal control codes in a file name and a page title", "4 codes", "shown escaped",
     "tests/test_cli.py::test_terminal_control_codes_in_file_names_and_titles_are_shown_not_acted_on"),
    ("folder: link out of it, unreadable folder and subfolder", "3", "said, not followed/skipped",
     "tests/sources/test_iter_items.py::test_a_link_in_a_folder_to_a_file_outside_it_is_not_followed"
     " tests/sources/test_iter_items.py::test_an_unreadable_folder_or_subfolder_is_said_not_skipped"),
    ("HTML 300 levels deep; feed description in prose", "2 + 1",
     "'nested too deeply' (E006); read as text",
     "tests/sources/test_html.py::test_a_page_nested_past_the_parsers_depth_says_so_not_no_visible_text"
     " tests/sources/test_feed.py::test_a_description_of_plain_prose_is_an_article_body_not_refused"),
]  # fmt: skip


def run_pytest(spec: str, extra: list[str] | None = None) -> tuple[bool, str]:
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *spec.split(), *(extra or [])]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    last = (proc.stdout.strip().splitlines() or [""])[-1]
    return proc.returncode == 0, last


def fuzz(examples: int) -> tuple[int, float, str]:
    """Both reader properties of tests/sources/test_fuzz.py with ``examples`` each."""
    sys.path[:0] = [str(ROOT / "tests")]
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from sources import test_fuzz as fz

    s = settings(max_examples=examples, deadline=None, database=None,
                 suppress_health_check=list(HealthCheck))  # fmt: skip
    inner = fz.test_any_encoding_truncation_or_corruption_of_a_real_input_never_raises
    t = time.perf_counter()
    try:
        s(given(st.binary(max_size=3000), st.sampled_from(fz.NAMES))(fz._check))()
        s(given(st.sampled_from(sorted(fz.SHAPES)), st.sampled_from(fz.ENCODINGS), st.floats(0, 1),
                st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=4),
                st.booleans())(inner.hypothesis.inner_test))()  # fmt: skip
        found = "nothing"
    except Exception as exc:  # the falsifying example
        found = f"{type(exc).__name__}: {exc}"[:300]
    return 2 * examples, time.perf_counter() - t, found


def schemathesis() -> tuple[bool, str]:
    """The suite's schemathesis test, its summary lines kept."""
    env = {**os.environ, "RASHOMON_SCHEMATHESIS_SUMMARY": "1"}
    cmd = [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider",
           "tests/web/test_schemathesis.py"]  # fmt: skip
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900, env=env)
    out = proc.stdout
    ops = re.search(r"Tested: (\d+)", out)
    cases = re.search(r"(\d+) generated, ([^\n]+)", out)
    summary = (f"{ops.group(1) if ops else '?'} operations; "
               f"{cases.group(0) if cases else 'no summary'}")  # fmt: skip
    return proc.returncode == 0, summary


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=3000, help="fuzz examples per property")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    md = _report.header("Hostile and careless input (issue 19)")
    md += "| bad-input class | variants | outcome wanted | result |\n|---|---|---|---|\n"
    for name, variants, wanted, spec in CLASSES:
        ok, last = run_pytest(spec)
        md += f"| {name} | {variants} | {wanted} | {'as wanted' if ok else 'FAILED'} ({last}) |\n"
        print(name, ok, last, flush=True)
    n, secs, found = fuzz(args.examples)
    md += (f"| readers fuzzed (hypothesis): random bytes under 9 names; 6 real inputs in 7 "
           f"encodings, cut, corrupted, gzipped | {n:,} examples | no exception, every item an "
           f"article or a coded error | found {found} ({secs:.0f} s) |\n")  # fmt: skip
    ok, summary = schemathesis()
    md += (f"| HTTP API through schemathesis (coverage + fuzzing phases, 12 examples per "
           f"operation, not_a_server_error and the schema conformance checks) | {summary} | no "
           f"failure | {'no failures' if ok else 'FAILED'} |\n")  # fmt: skip
    print(md)
    if not args.no_write:
        _report.write("hardening", md)


if __name__ == "__main__":
    main()
