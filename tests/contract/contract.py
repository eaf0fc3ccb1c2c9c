#!/usr/bin/env python3
"""Helpers for the API contract scripts (run.sh, client_journey.sh). Standard library only, so it
runs under any Python 3.11 with or without the venv.

    contract.py demo-accounts GUIDE          the demo accounts `serve --demo` printed, as shell words
    contract.py sign-in BASE EMAIL           a bearer token (the password from $CONTRACT_PASSWORD)
    contract.py st-config BASE OUT.toml      a Schemathesis config: auth header, known ids
    contract.py summary PASS_DIR...          the summary of one or more Schemathesis passes; exit 1 on
                                             any failure, error, or fewer cases than --min-cases
    contract.py loosen IN.json OUT.json      a loosened copy of a document (CONTRACT_LOOSEN=1 only)
"""

from __future__ import annotations

import argparse
import collections
import glob
import json
import os
import re
import shlex
import sys
import urllib.error
import urllib.request
from pathlib import Path

# ---------------------------------------------------------------------------------------------
# The demo accounts, read from what `eportfolio serve --demo` prints (src/demo.rs, `guide`):
#
#   Sign in at http://127.0.0.1:8080/sign-in with any of these (password: …):
#     exams@demo.example       Eilidh MacLeod (centre administrator (exams officer)): 1 learner …
#     learner2@demo.example    Callum Fraser (learner, 3085-02): criteria still without evidence

PASSWORD_LINE = re.compile(r"\(password: (?P<password>.+)\):\s*$")
ACCOUNT_LINE = re.compile(
    r"^\s+(?P<email>\S+@\S+)\s+(?P<name>.+?) "
    r"\((?P<role>[^,()]+(?: \([^()]*\))?)(?:, (?:on )?(?P<on>[^)]+))?\)(?::.*)?\s*$"
)

# The role labels the guide prints (Role::label in src/domain/roles.rs), as shell variable names.
ROLE_KEYS = {
    "platform administrator": "ADMIN",
    "centre administrator": "CENTRE_ADMIN",
    "centre administrator (exams officer)": "CENTRE_ADMIN",
    "tutor": "TUTOR",
    "assessor": "ASSESSOR",
    "internal quality assurer": "IQA",
    "iqa": "IQA",
}


def parse_guide(text: str) -> dict:
    """{password, accounts: [{email, name, role, on}]} from the demo guide, or SystemExit."""
    password = None
    accounts = []
    for line in text.splitlines():
        if m := PASSWORD_LINE.search(line):
            password = m.group("password")
        elif m := ACCOUNT_LINE.match(line):
            accounts.append(
                {
                    "email": m.group("email"),
                    "name": m.group("name"),
                    "role": m.group("role").strip(),
                    "on": m.group("on"),
                }
            )
    if not password or not accounts:
        raise SystemExit(
            "contract.py: could not read the demo accounts and password from the output of "
            "`serve --demo` (src/demo.rs `guide` changed?):\n" + text
        )
    return {"password": password, "accounts": accounts}


def find_account(guide: dict, role: str, on: str | None = None) -> dict:
    for account in guide["accounts"]:
        if account["role"].lower() == role.lower() and (on is None or account["on"] == on):
            return account
    raise SystemExit(f"contract.py: no demo account with role {role!r}{f' on {on}' if on else ''}")


def cmd_demo_accounts(args: argparse.Namespace) -> int:
    guide = parse_guide(Path(args.guide).read_text(encoding="utf-8"))
    print(f"DEMO_PASSWORD={shlex.quote(guide['password'])}")
    seen = set()
    for account in guide["accounts"]:
        key = ROLE_KEYS.get(account["role"].lower())
        # The first account of each role (the demo has a second assessor and IQA after them).
        if key and key not in seen:
            seen.add(key)
            print(f"DEMO_{key}_EMAIL={shlex.quote(account['email'])}")
    return 0


# ---------------------------------------------------------------------------------------------
# Plain HTTP for the harness itself (the journey test uses the generated client instead).


def http_json(method: str, url: str, body=None, token: str | None = None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        raise SystemExit(
            f"contract.py: {method} {url} answered {error.code}: {error.read()[:500]!r}"
        ) from None


def sign_in(base: str, email: str, password: str) -> dict:
    """The answer to POST /api/v1/sessions: {token, expires_at, user: {id, roles, ...}}."""
    status, body = http_json(
        "POST", f"{base}/api/v1/sessions", {"email": email, "password": password}
    )
    if status not in (200, 201) or not (body or {}).get("token"):
        raise SystemExit(f"contract.py: signing in as {email} gave {status} {body!r}")
    return body


def cmd_sign_in(args: argparse.Namespace) -> int:
    password = os.environ.get("CONTRACT_PASSWORD")
    if not password:
        raise SystemExit("contract.py sign-in: set CONTRACT_PASSWORD")
    session = sign_in(args.base, args.email, password)
    if args.save:
        Path(args.save).write_text(json.dumps(session), encoding="utf-8")
    print(session["token"])
    return 0


# ---------------------------------------------------------------------------------------------
# The Schemathesis configuration: the token, and the ids that exist in the demo centre, offered
# for the path parameters of those names half of the time (the other half stays random, which
# exercises the 404 answers), so that the fuzzer reaches the handlers behind the lookups.


def known_ids(base: str, token: str, session: dict | None) -> dict[str, list[str]]:
    """Path parameter name → ids that exist, read through the API as the signed-in person."""
    ids: dict[str, set[str]] = collections.defaultdict(set)
    user = (session or {}).get("user") or {}
    if user.get("id"):
        ids["user_id"].add(user["id"])
    for role in user.get("roles") or []:
        if role.get("centre_id"):
            ids["centre_id"].add(role["centre_id"])
    _, me = http_json("GET", f"{base}/api/v1/registrations", token=token)
    # {own: [registrations as a learner], allocated: [registrations as assessor, IQA or tutor]}
    mine = me if isinstance(me, dict) else {}
    for registration in (mine.get("own") or []) + (mine.get("allocated") or []):
        if not isinstance(registration, dict):
            continue
        for key, name in (("id", "registration_id"), ("centre_id", "centre_id"), ("learner_id", "user_id")):
            if registration.get(key):
                ids[name].add(registration[key])
    _, qualifications = http_json("GET", f"{base}/api/v1/qualifications")
    for qualification in qualifications.get("qualifications", []):
        ids["qualification_id"].add(qualification["id"])
        ids["unit_id"].update(qualification.get("units", []))
    _, curriculum = http_json("GET", f"{base}/api/v1/curriculum")
    for spec in curriculum.get("specifications", []):
        framework = spec.get("framework") if isinstance(spec, dict) else None
        if isinstance(framework, dict) and framework.get("id"):
            ids["framework_id"].add(framework["id"])
    for centre in sorted(ids["centre_id"]):
        # What the caller may read of each centre: its people, its registrations.
        for path, key in (("", "people"), ("/registrations", "registrations")):
            try:
                _, detail = http_json("GET", f"{base}/api/v1/centres/{centre}{path}", token=token)
            except SystemExit:
                continue
            for row in (detail or {}).get(key) or []:
                ids["user_id" if key == "people" else "registration_id"].add(row["id"])
                if row.get("learner_id"):
                    ids["user_id"].add(row["learner_id"])
    return {name: sorted(values) for name, values in sorted(ids.items()) if values}


def toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def cmd_st_config(args: argparse.Namespace) -> int:
    token = os.environ.get("CONTRACT_TOKEN")
    if not token:
        raise SystemExit("contract.py st-config: set CONTRACT_TOKEN")
    session = json.loads(Path(args.session).read_text()) if args.session else None
    ids = known_ids(args.base, token, session)
    lines = [
        "# Written by tests/contract/contract.py for one run; not kept.",
        # No cache of earlier failures replayed first: every run generates the same cases from
        # the seed alone (and writes nothing into the working tree).
        "[cache]",
        "enabled = false",
        "",
        "[headers]",
        f"Authorization = {toml_string('Bearer ' + token)}",
        "",
        "[generation]",
        # The token above is the only credential sent: no generated Authorization values.
        "with-security-parameters = false",
        'database = "none"',
        "",
        "[dictionaries]",
    ]
    for name, values in ids.items():
        lines.append(f"{name} = {{ values = [{', '.join(toml_string(v) for v in values)}] }}")
    lines += ["", "[parameters]"]
    for name in ids:
        lines.append(
            f"{toml_string('path.' + name)} = {{ dictionary = {toml_string(name)}, probability = 0.5 }}"
        )
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(
        "known ids offered to the fuzzer: "
        + ", ".join(f"{name} ({len(values)})" for name, values in ids.items()),
        file=sys.stderr,
    )
    return 0


# ---------------------------------------------------------------------------------------------
# The summary: cases run, failures by check and by operation, errors.

RELEVANT_CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
)


def short(text: str, limit: int = 110) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def failure_kind(check: str, failure: dict) -> str:
    """A short, groupable description of one failure."""
    message = failure.get("message") or ""
    title = failure.get("title") or failure.get("type") or "failure"
    if check == "status_code_conformance":
        received = re.search(r"Received: (\d+)", message)
        return f"undocumented status {received.group(1) if received else '?'}"
    if check == "not_a_server_error":
        received = re.search(r"\b(5\d\d)\b", message)
        return f"server error {received.group(1) if received else ''}".strip()
    if check == "content_type_conformance":
        received = re.search(r"Received: ([^\n]+)", message)
        return f"{title}: {received.group(1).strip() if received else short(message, 60)}"
    if check == "response_schema_conformance":
        first = message.splitlines()[0] if message else ""
        return f"{title}: {short(first, 70)}" if first else title
    return f"{title}: {short(message, 70)}" if message else title


def read_pass(directory: Path) -> dict:
    """One pass: {label, report (JSON), cases, checks: Counter, failures: {...}, errors: [...]}."""
    reports = [str(directory / "report.json")] if (directory / "report.json").exists() else []
    events = sorted(glob.glob(str(directory / "*.ndjson")))
    label = (directory / "label").read_text().strip() if (directory / "label").exists() else directory.name
    rc_file = directory / "exit-code"
    exit_code = int(rc_file.read_text().strip()) if rc_file.exists() else None
    report = json.loads(Path(reports[-1]).read_text()) if reports else None
    checks: collections.Counter = collections.Counter()  # (check, status) → cases
    # (operation, check) → {kind: number of failing cases}
    by_operation: dict[tuple[str, str], collections.Counter] = collections.defaultdict(
        collections.Counter
    )
    examples: dict[tuple[str, str, str], str] = {}
    cases = 0
    errors: list[str] = []
    for path in events:
        with open(path, encoding="utf-8") as stream:
            for line in stream:
                event = json.loads(line)
                if "ScenarioFinished" in event:
                    recorder = event["ScenarioFinished"].get("recorder") or {}
                    operation = recorder.get("label", "?")
                    cases += len(recorder.get("cases") or {})
                    interactions = recorder.get("interactions") or {}
                    for case_id, results in (recorder.get("checks") or {}).items():
                        for result in results:
                            checks[(result["name"], result["status"])] += 1
                            if result["status"] != "failure":
                                continue
                            failure = (result.get("failure_info") or {}).get("failure") or {}
                            kind = failure_kind(result["name"], failure)
                            by_operation[(operation, result["name"])][kind] += 1
                            request = (interactions.get(case_id) or {}).get("request") or {}
                            examples.setdefault(
                                (operation, result["name"], kind),
                                f"{request.get('method', '?')} {request.get('uri', '?')}",
                            )
                elif "NonFatalError" in event:
                    error = event["NonFatalError"]
                    info = error.get("info") or error.get("value") or {}
                    errors.append(
                        short(f"{error.get('label', '?')}: {info.get('title') or info.get('message') or info}", 200)
                    )
                elif "FatalError" in event:
                    error = event["FatalError"]
                    errors.append(short(f"fatal: {error.get('exception') or error}", 300))
    if report:
        for error in report.get("errors") or []:
            text = short(
                f"{error.get('label') or error.get('operation') or '?'}: "
                f"{error.get('title') or error.get('message') or error}",
                200,
            )
            if text not in errors:
                errors.append(text)
    return {
        "label": label,
        "report": report,
        "exit_code": exit_code,
        "cases": (report or {}).get("test_cases", {}).get("generated", cases),
        "checks": checks,
        "by_operation": by_operation,
        "examples": examples,
        "errors": errors,
    }


def cmd_summary(args: argparse.Namespace) -> int:
    passes = [read_pass(Path(d)) for d in args.passes]
    total_cases = sum(p["cases"] for p in passes)
    checks: collections.Counter = collections.Counter()
    by_operation: dict[tuple[str, str], collections.Counter] = collections.defaultdict(
        collections.Counter
    )
    examples: dict = {}
    for p in passes:
        checks.update(p["checks"])
        for key, kinds in p["by_operation"].items():
            by_operation[key].update(kinds)
        for key, example in p["examples"].items():
            examples.setdefault(key, example)

    out = []
    version = next(
        (p["report"].get("schemathesis_version") for p in passes if p["report"]), "?"
    )
    seed = next((p["report"].get("seed") for p in passes if p["report"]), "?")
    out.append(f"== API contract summary (Schemathesis {version}, seed {seed}) ==")
    for p in passes:
        report = p["report"] or {}
        operations = report.get("operations") or {}
        out.append(
            f"pass {p['label']}: {p['cases']:,} cases, {operations.get('tested', '?')} of "
            f"{operations.get('total', '?')} operations tested, schemathesis exit code "
            f"{p['exit_code'] if p['exit_code'] is not None else '?'}"
            + (f", {report.get('stop_reason')}" if report.get("stop_reason") not in (None, "completed") else "")
        )
    out.append(f"cases run: {total_cases:,} (at least {args.min_cases:,} required)")

    out.append("failures by check (failing cases / operations):")
    any_failure = False
    for check in RELEVANT_CHECKS + tuple(
        sorted({name for name, _ in checks} - set(RELEVANT_CHECKS))
    ):
        failed = checks[(check, "failure")]
        passed = checks[(check, "success")]
        operations = {op for (op, name), kinds in by_operation.items() if name == check and kinds}
        any_failure |= failed > 0
        out.append(
            f"  {check:<30} {failed:>6} failing of {failed + passed:>6} checked"
            f"   {len(operations):>4} operations"
        )

    # Each kind of failure (an undocumented 400, a body not matching its schema, …) over all
    # operations: what the document most needs.
    kinds_overall: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
    for (operation, check), kinds in by_operation.items():
        for kind in kinds:
            kinds_overall[(check, kind)].add(operation)
    if kinds_overall:
        out.append("failures by kind (operations):")
        for (check, kind), operations in sorted(
            kinds_overall.items(), key=lambda item: (-len(item[1]), item[0])
        )[:15]:
            out.append(f"  {len(operations):>4}  {check}: {kind}")
        if len(kinds_overall) > 15:
            out.append(f"        … {len(kinds_overall) - 15} more kinds")

    failing_cases: collections.Counter = collections.Counter()
    distinct: collections.Counter = collections.Counter()
    for (operation, _check), kinds in by_operation.items():
        failing_cases[operation] += sum(kinds.values())
        distinct[operation] += len(kinds)
    ranked = sorted(failing_cases, key=lambda op: (-distinct[op], -failing_cases[op], op))
    if ranked:
        limit = args.top
        out.append(
            f"operations with failures: {len(ranked)} (the {min(limit, len(ranked))} with the most kinds of failure first)"
        )
        for operation in ranked[:limit]:
            count = failing_cases[operation]
            out.append(f"  {operation}  ({count} failing checks, {distinct[operation]} kinds)")
            for (op, check), kinds in sorted(by_operation.items()):
                if op != operation:
                    continue
                for kind, n in kinds.most_common(4):
                    example = examples.get((op, check, kind), "")
                    out.append(f"      {check}: {kind} ×{n}   e.g. {short(example, 90)}")
                if len(kinds) > 4:
                    out.append(f"      {check}: … {len(kinds) - 4} more kinds")
        if len(ranked) > limit:
            out.append(f"  … and {len(ranked) - limit} more operations (CONTRACT_TOP=N shows more)")

    errors = [e for p in passes for e in p["errors"]]
    if errors:
        out.append(f"errors (the fuzzer could not test something): {len(errors)}")
        for error in errors[:20]:
            out.append(f"  {error}")
    missing_reports = [p["label"] for p in passes if not p["report"]]
    for label in missing_reports:
        out.append(f"pass {label}: no Schemathesis report was written (it did not run to the end)")
    crashed = [
        p["label"]
        for p in passes
        if p["exit_code"] not in (0, None) and not any(p["checks"][(c, "failure")] for c in RELEVANT_CHECKS)
        and not p["errors"]
    ]
    for label in crashed:
        out.append(f"pass {label}: Schemathesis exited non-zero without a failure in the report")

    server_errors = checks[("not_a_server_error", "failure")]
    contradictions = sum(checks[(c, "failure")] for c in RELEVANT_CHECKS if c != "not_a_server_error")
    ok = (
        not any_failure
        and not errors
        and not missing_reports
        and not crashed
        and total_cases >= args.min_cases
    )
    verdict = "PASSED" if ok else "FAILED"
    out.append(
        f"result: {verdict}: {total_cases:,} cases, {server_errors} server errors, "
        f"{contradictions} responses contradicting the document, {len(errors)} errors"
        + ("" if total_cases >= args.min_cases else f", fewer than {args.min_cases:,} cases")
    )
    print("\n".join(out))
    if args.json_out:
        Path(args.json_out).write_text(
            json.dumps(
                {
                    "cases": total_cases,
                    "checks": {f"{c}:{s}": n for (c, s), n in sorted(checks.items())},
                    "operations": {
                        f"{op} {check}": dict(kinds) for (op, check), kinds in sorted(by_operation.items())
                    },
                    "errors": errors,
                    "passed": ok,
                },
                indent=1,
            )
        )
    return 0 if ok else 1


# ---------------------------------------------------------------------------------------------
# Loosening (a development aid, refused in CI): the served document with what the journey needs
# filled in as loosely as possible (any JSON object in and out, 201/204/4xx listed), so that the
# journey's own logic can be tried through a generated client before the real document has it.

ANY_OBJECT = {"type": "object", "additionalProperties": True}
PROBLEM = {"content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
DOWNLOADS = (".csv", ".pdf", ".zip", "/file", "/files/{file_id}")


def loosen(document: dict) -> dict:
    document = json.loads(json.dumps(document))
    schemes = document.setdefault("components", {}).setdefault("securitySchemes", {})
    if not any(s.get("scheme", "").lower() == "bearer" for s in schemes.values()):
        schemes["bearerAuth"] = {"type": "http", "scheme": "bearer"}
    for path, methods in document.get("paths", {}).items():
        for method, operation in methods.items():
            if not isinstance(operation, dict):
                continue
            if method in ("post", "put", "patch") and "requestBody" not in operation:
                if path.endswith("/files") or path.endswith("/upload"):
                    schema = {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                        "additionalProperties": True,
                    }
                    content = {"multipart/form-data": {"schema": schema}}
                elif path.endswith("/import"):
                    content = {"text/csv": {"schema": {"type": "string"}}}
                else:
                    content = {"application/json": {"schema": ANY_OBJECT}}
                operation["requestBody"] = {"required": False, "content": content}
            responses = operation.setdefault("responses", {})
            if method == "get" and path.endswith(DOWNLOADS):
                body = {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}
            else:
                body = {"application/json": {"schema": ANY_OBJECT}}
            for status in ("200", "201"):
                if "content" not in responses.get(status, {}):
                    responses[status] = {"description": "loosened", "content": body}
            responses.setdefault("204", {"description": "loosened: no content"})
            for status in ("400", "401", "403", "404", "409", "410", "413", "422", "429"):
                responses.setdefault(status, {"description": "loosened", **PROBLEM})
    document.setdefault("info", {})["description"] = (
        "LOOSENED by tests/contract/contract.py for trying the journey: not the served document. "
        + document.get("info", {}).get("description", "")
    )
    return document


def cmd_loosen(args: argparse.Namespace) -> int:
    document = json.loads(Path(args.document).read_text(encoding="utf-8"))
    Path(args.out).write_text(json.dumps(loosen(document), indent=1), encoding="utf-8")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="contract.py")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("demo-accounts")
    p.add_argument("guide")
    p.set_defaults(func=cmd_demo_accounts)
    p = sub.add_parser("sign-in")
    p.add_argument("base")
    p.add_argument("email")
    p.add_argument("--save", help="write the whole answer (token, user, roles) to this file")
    p.set_defaults(func=cmd_sign_in)
    p = sub.add_parser("st-config")
    p.add_argument("base")
    p.add_argument("out")
    p.add_argument("--session", help="the answer saved by sign-in --save (its centres and user)")
    p.set_defaults(func=cmd_st_config)
    p = sub.add_parser("summary")
    p.add_argument("passes", nargs="+")
    p.add_argument("--min-cases", type=int, default=1000)
    p.add_argument("--top", type=int, default=20)
    p.add_argument("--json-out")
    p.set_defaults(func=cmd_summary)
    p = sub.add_parser("loosen")
    p.add_argument("document")
    p.add_argument("out")
    p.set_defaults(func=cmd_loosen)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
