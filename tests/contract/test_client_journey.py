"""The Unit 002 journey (tests/app/journey_unit_002.rs) driven through a client GENERATED from the
served OpenAPI document by openapi-python-client: every request is a call of a generated
operation function, every body a generated model, every answer read from the generated response.

client_journey.sh starts `eportfolio serve --demo`, generates the client and runs this file with:

    CONTRACT_BASE_URL        the server
    CONTRACT_OPENAPI         the document the client was generated from
    CONTRACT_CLIENT_PACKAGE  the generated package's import name (its folder is on sys.path)
    CONTRACT_PASSWORD        the demo password, and the demo accounts' emails:
    CONTRACT_CENTRE_ADMIN_EMAIL, CONTRACT_ASSESSOR_EMAIL, CONTRACT_ADMIN_EMAIL (reads the mail)

Operations are found by method and path, not by operationId or tag, so renaming those does not
break the journey. When the document lacks what the journey needs (an operation, a request body,
a documented status, a response schema, the bearer scheme) the test fails with a DocumentGap
saying exactly what is missing; test_document_provides_what_the_journey_needs lists every gap at
once. README.md in this folder lists what the document must provide.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import importlib
import inspect
import io
import json
import os
import pkgutil
import re
import secrets
import time
import typing
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

U002 = "cg-3085/u002"
QUALIFICATION = "cg-3085-02"
CG_ITEM = "cg-3085/u002/lo1/ac1.1"
CG_OTHER_ITEM = "cg-3085/u002/lo2/ac2.1"
FEEDBACK = "Say how Mr B chose who took part in his review."


class DocumentGap(AssertionError):
    """The OpenAPI document does not give the generated client what the journey needs."""


def env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run this test through tests/contract/client_journey.sh")
    return value


def template_key(method: str, path: str) -> tuple[str, str]:
    """(METHOD, path with every {parameter} as {}) — the same for the document and the client."""
    return method.upper(), re.sub(r"\{[^}]*\}", "{}", path)


# ---------------------------------------------------------------------------------------------
# What the journey calls, and what it needs from each operation in the document.


@dataclass(frozen=True)
class Need:
    method: str
    path: str
    body: str | None  # "json", "multipart" or None
    success: int  # the status the journey expects
    reads_answer: bool  # the journey reads fields of the success answer
    other: tuple[int, ...] = ()  # other statuses the journey expects and reads (problem+json)
    public: bool = False  # called without a token


NEEDS = [
    Need("POST", "/api/v1/sessions", "json", 201, True, public=True),
    Need("GET", "/api/v1/centres/{centre_id}", None, 200, True),
    Need("GET", "/api/v1/qualifications/{qualification_id}", None, 200, True, public=True),
    Need("POST", "/api/v1/centres/{centre_id}/registrations", "json", 201, True),
    Need("POST", "/api/v1/password-resets/{token}", "json", 204, False, public=True),
    Need("POST", "/api/v1/registrations/{registration_id}/plans", "json", 201, True),
    Need("POST", "/api/v1/plans/{plan_id}/sign", "json", 201, False),
    Need("GET", "/api/v1/registrations/{registration_id}/plans", None, 200, True),
    Need("POST", "/api/v1/registrations/{registration_id}/evidence", "json", 201, True),
    Need("POST", "/api/v1/evidence/{evidence_id}/files", "multipart", 201, True),
    Need("GET", "/api/v1/evidence/{evidence_id}/files/{file_id}", None, 200, False),
    Need("PUT", "/api/v1/evidence/{evidence_id}/mappings", "json", 200, False, other=(409,)),
    Need("POST", "/api/v1/evidence/{evidence_id}/declaration", "json", 201, False),
    Need("POST", "/api/v1/evidence/{evidence_id}/submit", None, 200, True),
    Need("GET", "/api/v1/notifications", None, 200, True),
    Need("POST", "/api/v1/registrations/{registration_id}/observations", "json", 201, True),
    Need("POST", "/api/v1/observations/{observation_id}/countersign", None, 201, False),
    Need("POST", "/api/v1/registrations/{registration_id}/testimony-requests", "json", 201, True),
    Need("POST", "/api/v1/witness/{token}", "json", 201, False, other=(410,), public=True),
    Need("POST", "/api/v1/testimony-requests/{request_id}/decision", "json", 200, True),
    Need("POST", "/api/v1/registrations/{registration_id}/decisions", "json", 201, True),
    Need("GET", "/api/v1/evidence/{evidence_id}", None, 200, True),
    Need("PUT", "/api/v1/evidence/{evidence_id}", "json", 200, False),
    Need("GET", "/api/v1/registrations/{registration_id}/tracker", None, 200, True),
    Need(
        "POST", "/api/v1/registrations/{registration_id}/units/{unit_id}/sign-off", None, 201, False,
        other=(422,),
    ),
    Need("POST", "/api/v1/registrations/{registration_id}/units/{unit_id}/countersign", None, 201, False),
    Need("GET", "/api/v1/registrations/{registration_id}/assessment", None, 200, True),
]
NEED_BY_KEY = {template_key(n.method, n.path): n for n in NEEDS}


def document_gaps(document: dict) -> list[str]:
    """Everything the journey needs that the document does not give, in plain words."""
    gaps = []
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    bearer = [name for name, s in schemes.items() if s.get("type") == "http" and str(s.get("scheme", "")).lower() == "bearer"]
    if not bearer:
        gaps.append("components.securitySchemes: no `{type: http, scheme: bearer}` scheme for the token from POST /api/v1/sessions")
    operations = {}
    for path, methods in (document.get("paths") or {}).items():
        for method, operation in methods.items():
            if isinstance(operation, dict) and method.lower() in ("get", "put", "post", "delete", "patch"):
                operations[template_key(method, path)] = (path, operation)
    for need in NEEDS:
        where = f"{need.method} {need.path}"
        found = operations.get(template_key(need.method, need.path))
        if not found:
            gaps.append(f"{where}: not in the document")
            continue
        _, operation = found
        if not operation.get("operationId"):
            gaps.append(f"{where}: no operationId (the generated function's name)")
        content = ((operation.get("requestBody") or {}).get("content")) or {}
        if need.body == "json" and not any("json" in ct for ct in content):
            gaps.append(f"{where}: no application/json requestBody (the generated function takes no body)")
        if need.body == "multipart" and "multipart/form-data" not in content:
            gaps.append(f"{where}: no multipart/form-data requestBody with a `file` field of format binary")
        if need.body == "multipart" and "multipart/form-data" in content:
            schema = resolve(document, content["multipart/form-data"].get("schema") or {})
            file_schema = resolve(document, (schema.get("properties") or {}).get("file") or {})
            if file_schema.get("format") != "binary":
                gaps.append(f"{where}: the multipart `file` field is not `type: string, format: binary` (the generated model would not take a file)")
        responses = operation.get("responses") or {}
        for status in (need.success, *need.other):
            response = resolve(document, responses.get(str(status)) or {})
            if not response:
                gaps.append(f"{where}: answers {status}, which the document does not list")
                continue
            reads = need.reads_answer if status == need.success else True
            if reads and status != 204:
                schemas = [c.get("schema") for c in (response.get("content") or {}).values()]
                if not any(schemas):
                    gaps.append(f"{where}: the {status} answer has no content schema (the generated client cannot read it)")
        if need.public is False and bearer:
            security = operation.get("security", document.get("security"))
            if not security:
                gaps.append(f"{where}: no `security` naming the bearer scheme")
    return gaps


def resolve(document: dict, node: dict) -> dict:
    while isinstance(node, dict) and "$ref" in node:
        target: typing.Any = document
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node if isinstance(node, dict) else {}


# ---------------------------------------------------------------------------------------------
# The generated client, by (method, path).


@dataclass
class Answer:
    status: int
    data: typing.Any  # the parsed answer as plain JSON-like data (to_dict of the generated model)
    content: bytes = b""


@dataclass
class Api:
    package: typing.Any
    document: dict
    base_url: str
    operations: dict = field(default_factory=dict)
    calls: list = field(default_factory=list)

    @classmethod
    def load(cls, package_name: str, document: dict, base_url: str) -> "Api":
        package = importlib.import_module(package_name)
        api = cls(package=package, document=document, base_url=base_url)
        api_package = importlib.import_module(f"{package_name}.api")
        for info in pkgutil.walk_packages(api_package.__path__, f"{package_name}.api."):
            if info.ispkg:
                continue
            module = importlib.import_module(info.name)
            source = inspect.getsource(module)
            method = re.search(r'"method":\s*"(\w+)"', source)
            url = re.search(r'"url":\s*"([^"]+)"', source)
            if method and url and hasattr(module, "sync_detailed"):
                api.operations[template_key(method.group(1), url.group(1))] = module
        return api

    def client(self, token: str | None):
        if token is None:
            return self.package.Client(base_url=self.base_url, timeout=60.0)
        return self.package.AuthenticatedClient(base_url=self.base_url, token=token, timeout=60.0)

    def operation_doc(self, method: str, path: str) -> dict:
        for doc_path, methods in (self.document.get("paths") or {}).items():
            if template_key("x", doc_path)[1] == template_key("x", path)[1] and method.lower() in methods:
                return methods[method.lower()]
        raise DocumentGap(f"{method} {path}: not in the document")

    def call(
        self,
        bearer: str | None,
        method: str,
        path: str,
        body: dict | None = None,
        *,
        files: dict | None = None,
        expect: int,
        path_params: dict[str, str],
    ) -> Answer:
        """Call the generated function for METHOD PATH; the answer must have status `expect`."""
        where = f"{method} {path}"
        module = self.operations.get(template_key(method, path))
        if module is None:
            raise DocumentGap(f"{where}: the generated client has no function for it (not in the document)")
        operation = self.operation_doc(method, path)
        function = module.sync_detailed
        parameters = inspect.signature(function).parameters
        kwargs: dict[str, typing.Any] = {"client": self.client(bearer)}
        for name, value in path_params.items():
            python_name = name if name in parameters else snake(name)
            if python_name not in parameters:
                raise DocumentGap(f"{where}: the generated function has no parameter {name!r}")
            kwargs[python_name] = value
        if body is not None or files is not None:
            if "body" not in parameters:
                sent = sorted((body or {}).keys()) + sorted((files or {}).keys())
                raise DocumentGap(
                    f"{where}: the document declares no request body, so the generated function "
                    f"takes none; the journey sends {{{', '.join(sent)}}}"
                )
            kwargs["body"] = self.model_for(function, where, body or {}, files)
        response = function(**kwargs)
        status = int(response.status_code)
        self.calls.append(f"{where} → {status}")
        documented = set((operation.get("responses") or {}).keys())
        if str(status) not in documented and "default" not in documented:
            raise DocumentGap(
                f"{where} answered {status}, which the document does not list ({', '.join(sorted(documented))}); "
                f"body: {response.content[:300]!r}"
            )
        if status != expect:
            raise AssertionError(
                f"{where}: expected {expect}, got {status}: {response.content[:1000]!r}"
            )
        return Answer(status=status, data=fields(plain(response.parsed), f"{where} → {status}"), content=response.content)

    def model_for(self, function, where: str, body: dict, files: dict | None):
        hints = typing.get_type_hints(function)
        annotation = hints.get("body")
        candidates = [a for a in typing.get_args(annotation) if isinstance(a, type)] or [annotation]
        multipart = files is not None
        chosen = None
        for candidate in candidates:
            if not hasattr(candidate, "from_dict"):
                continue
            if hasattr(candidate, "to_multipart") == multipart:
                chosen = candidate
                break
        if chosen is None:
            kind = "multipart/form-data" if multipart else "application/json"
            raise DocumentGap(f"{where}: the generated function takes no {kind} body model ({annotation!r})")
        data = dict(body)
        for name, (_, payload, _) in (files or {}).items():
            data[name] = payload
        model = chosen.from_dict(data)
        dropped = sorted(set(body) - set(model.to_dict()))
        if dropped:
            raise DocumentGap(
                f"{where}: the request body schema has no {', '.join(dropped)} (the generated model "
                f"{chosen.__name__} drops them), which the journey sends"
            )
        for name, (file_name, payload, mime_type) in (files or {}).items():
            value = getattr(model, name, None)
            if value is None or not hasattr(value, "payload"):
                raise DocumentGap(f"{where}: the multipart model's {name!r} field is not a file (format: binary)")
            value.payload = io.BytesIO(payload)
            value.file_name = file_name
            value.mime_type = mime_type
        return model


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).replace("-", "_").lower()


def plain(parsed: typing.Any) -> typing.Any:
    if parsed is None:
        return None
    if hasattr(parsed, "to_dict"):
        return parsed.to_dict()
    if isinstance(parsed, list):
        return [plain(item) for item in parsed]
    if hasattr(parsed, "payload"):  # a File (a download)
        return parsed.payload.read()
    return parsed


class Fields(dict):
    """An answer's object: a missing key names the operation and what the answer does have."""

    where = ""

    def __missing__(self, key):
        raise DocumentGap(
            f"{self.where}: the answer, as the generated model parsed it, has no {key!r} "
            f"(not in the response schema?); it has {sorted(self)}"
        )


def fields(value: typing.Any, where: str) -> typing.Any:
    if isinstance(value, dict):
        wrapped = Fields({k: fields(v, where) for k, v in value.items()})
        wrapped.where = where
        return wrapped
    if isinstance(value, list):
        return [fields(v, where) for v in value]
    return value


def need_data(answer: Answer, where: str) -> typing.Any:
    if answer.data is None:
        raise DocumentGap(
            f"{where}: the generated client parsed nothing from the {answer.status} answer (no response schema); "
            f"the answer was {answer.content[:200]!r}"
        )
    return answer.data


# ---------------------------------------------------------------------------------------------
# The journey.


@dataclass
class Person:
    email: str
    token: str
    id: str
    name: str
    roles: list


class Journey:
    def __init__(self, api: Api, password: str):
        self.api = api
        self.password = password

    def call(self, who: Person | None, method: str, path: str, body=None, *, expect: int, files=None, **params):
        answer = self.api.call(who.token if who else None, method, path, body, files=files, expect=expect, path_params=params)
        need = NEED_BY_KEY.get(template_key(method, path))
        if need and (need.reads_answer if expect == need.success else True) and expect != 204:
            need_data(answer, f"{method} {path}")
        return answer

    def data(self, who, method, path, body=None, *, expect, files=None, **params) -> dict:
        return self.call(who, method, path, body, expect=expect, files=files, **params).data

    def sign_in(self, email: str, password: str | None = None) -> Person:
        session = self.data(None, "POST", "/api/v1/sessions", {"email": email, "password": password or self.password}, expect=201)
        user = session["user"]
        return Person(email=email, token=session["token"], id=user["id"], name=user["name"], roles=user.get("roles") or [])

    def mailed_token(self, admin: Person, to: str, marker: str) -> str:
        """The token of the newest link containing `marker` mailed to `to`, read from the server's
        outbox folder as the recipient would read their email (the platform administrator's mail
        view withholds single-use links); polls while the mail worker delivers it."""
        outbox = Path(env("CONTRACT_OUTBOX"))
        pattern = re.compile(re.escape(marker) + r"([A-Za-z0-9._~-]+)")
        deadline = time.monotonic() + 30
        while True:
            for path in sorted(outbox.glob("*.eml"), reverse=True):
                message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                if to not in str(message.get("To", "")):
                    continue
                part = message.get_body(preferencelist=("plain",))
                found = pattern.search(part.get_content() if part else "")
                if found:
                    return found.group(1)
            if time.monotonic() > deadline:
                raise AssertionError(f"no mail to {to} with a {marker} link in {outbox}")
            time.sleep(0.2)


@pytest.fixture(scope="module")
def document() -> dict:
    return json.loads(Path(env("CONTRACT_OPENAPI")).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def api(document) -> Api:
    return Api.load(env("CONTRACT_CLIENT_PACKAGE"), document, env("CONTRACT_BASE_URL"))


def test_document_provides_what_the_journey_needs(document):
    gaps = document_gaps(document)
    assert not gaps, (
        f"The OpenAPI document lacks {len(gaps)} things the generated client needs for the Unit 002 "
        "journey (see tests/contract/README.md):\n  " + "\n  ".join(gaps)
    )


def test_unit_002_journey_through_the_generated_client(api: Api):
    j = Journey(api, env("CONTRACT_PASSWORD"))
    today = dt.date.today()
    day = lambda offset: (today + dt.timedelta(days=offset)).isoformat()  # noqa: E731

    admin = j.sign_in(env("CONTRACT_ADMIN_EMAIL"))
    centre_admin = j.sign_in(env("CONTRACT_CENTRE_ADMIN_EMAIL"))
    assessor = j.sign_in(env("CONTRACT_ASSESSOR_EMAIL"))
    centre_id = next(r["centre_id"] for r in centre_admin.roles if r["role"] == "centre_admin")
    people = j.data(centre_admin, "GET", "/api/v1/centres/{centre_id}", expect=200, centre_id=centre_id)["people"]
    iqa_id = next(p["id"] for p in people if "iqa" in p["roles"])

    # The centre administrator registers a new learner on 3085-02 with the demo assessor and IQA;
    # the learner chooses a password through the emailed link (read by the platform administrator
    # from the mail queue) and signs in.
    suffix = secrets.token_hex(3)
    learner_email = f"lee.journey.{suffix}@example.org"
    learner_name = f"Lee Journey {suffix}"
    registered = j.data(centre_admin, "POST", "/api/v1/centres/{centre_id}/registrations", {
        "learner": {"name": learner_name, "email": learner_email, "date_of_birth": "1990-05-17"},
        "qualification_id": QUALIFICATION, "start_date": day(-60), "planned_end_date": day(300),
        "employer": "Care at Home Ltd", "workplace": "Inverness",
        "assessor_id": assessor.id, "iqa_id": iqa_id,
    }, expect=201, centre_id=centre_id)
    r = registered["id"]
    password = f"journey password {secrets.token_hex(8)}"
    link = j.mailed_token(admin, learner_email, "/password/")
    j.call(None, "POST", "/api/v1/password-resets/{token}", {"password": password}, expect=204, token=link)
    learner = j.sign_in(learner_email, password)
    assert learner.id == registered["learner_id"]

    # The Unit 002 items from the published curriculum: every criterion (and any Evidence
    # Requirement) must be met before sign-off.
    qualification = j.data(None, "GET", "/api/v1/qualifications/{qualification_id}", expect=200, qualification_id=QUALIFICATION)
    unit = next(u for u in qualification["units"] if u["id"] == U002)
    criteria = [c["id"] for o in unit["outcomes"] for c in o["criteria"]]
    criteria += [e["id"] for e in unit.get("evidence_requirements") or []]
    assert len(criteria) == 20, criteria

    # The plan: the assessor writes it (signed as saved); the learner signs.
    plan = j.data(assessor, "POST", "/api/v1/registrations/{registration_id}/plans", {
        "activities": [
            {"activity": "Mr B's support plan review, observed", "method": "observation_by_assessor", "target_date": day(30)},
            {"activity": "Testimony from Mr B's social worker", "method": "observation_by_expert_witness", "target_date": day(45)},
        ],
        "criteria": criteria,
    }, expect=201, registration_id=r)
    j.call(learner, "POST", "/api/v1/plans/{plan_id}/sign", {}, expect=201, plan_id=plan["id"])
    plans = j.data(learner, "GET", "/api/v1/registrations/{registration_id}/plans", expect=200, registration_id=r)
    signatures = plans["plans"][0]["signatures"]
    assert len(signatures) == 2 and all(s["valid"] for s in signatures), plans

    # Evidence: written, a file attached (and read back), mapped to every criterion, declared and
    # submitted; the assessor is told.
    e = j.data(learner, "POST", "/api/v1/registrations/{registration_id}/evidence", {
        "kind": "reflective_account", "title": "Reviewing Mr B's support plan", "activity_date": day(-10),
        "text": "I reviewed Mr B's support plan with him and his sister.",
    }, expect=201, registration_id=r)["id"]
    notes = "Notes from Mr B's review: he chose who took part and what mattered first.\n".encode()
    stored = j.data(learner, "POST", "/api/v1/evidence/{evidence_id}/files", files={"file": ("review-notes.txt", notes, "text/plain")}, expect=201, evidence_id=e)
    assert stored["sha256"] == hashlib.sha256(notes).hexdigest() and stored["size"] == len(notes), stored
    download = j.call(learner, "GET", "/api/v1/evidence/{evidence_id}/files/{file_id}", expect=200, evidence_id=e, file_id=stored["file_id"])
    assert download.content == notes
    j.call(learner, "PUT", "/api/v1/evidence/{evidence_id}/mappings", {"criteria": criteria}, expect=200, evidence_id=e)
    declare_and_submit(j, learner, learner_name, e)
    told = j.data(assessor, "GET", "/api/v1/notifications", expect=200)
    assert any(n["link"] == f"/evidence/{e}" for n in told["notifications"]), told

    # The assessor observes; the learner countersigns the observation.
    observation = j.data(assessor, "POST", "/api/v1/registrations/{registration_id}/observations", {
        "planned": True, "observed_on": day(-12), "setting": "Mr B's home, his support plan review",
        "people_present": [{"name": "Mr B", "role": "person supported", "consent": True}],
        "narrative": "Lee led the review and checked each outcome with Mr B.",
        "criteria": [CG_OTHER_ITEM, "cg-3085/u002/lo3/ac3.2"], "range_items": [],
    }, expect=201, registration_id=r)
    j.call(learner, "POST", "/api/v1/observations/{observation_id}/countersign", expect=201, observation_id=observation["id"])

    # The learner asks an expert witness; the witness signs once through the emailed link (C7).
    witness_email = f"wendy.witness.{suffix}@example.org"
    asked = j.call(learner, "POST", "/api/v1/registrations/{registration_id}/testimony-requests", {
        "witness_name": "Wendy Witness", "witness_email": witness_email, "witness_role": "Team leader",
        "relationship": "Line manager", "expert": True, "criteria": [CG_ITEM, CG_OTHER_ITEM],
        "activity": "Agreeing a support plan with Mr B",
    }, expect=201, registration_id=r)
    assert b"/witness/" not in asked.content, "the link must only go to the witness"
    witness_token = j.mailed_token(admin, witness_email, "/witness/")
    testimony_body = {
        "confirm_name": "Wendy Witness", "confirm_email": witness_email, "declared_role": "Team leader",
        "testimony": "I saw Lee agree a support plan with Mr B.", "signature": "Wendy Witness",
        "expert_statement": "Registered manager for ten years; I supervise and appraise care staff.",
        "working_knowledge_of_units": True, "occupationally_competent": True,
        "assessment_qualifications": ["a1"], "observed_on": day(-10), "observation_setting": "Mr B's home",
        "observation_narrative": "Lee led the review and checked Mr B's choices.", "observation_criteria": [CG_ITEM],
    }
    j.call(None, "POST", "/api/v1/witness/{token}", testimony_body, expect=201, token=witness_token)
    j.call(None, "POST", "/api/v1/witness/{token}", testimony_body, expect=410, token=witness_token)
    accepted = j.data(assessor, "POST", "/api/v1/testimony-requests/{request_id}/decision", {
        "decision": "accept", "reason": "A clear account from an expert witness.",
    }, expect=200, request_id=asked.data["id"])
    testimony = accepted["evidence_id"]

    # One criterion not yet met, with feedback: the evidence returns to the learner as a draft,
    # and the unit cannot be signed off.
    referred = judge(j, assessor, r, CG_ITEM, "not_yet_met", [e], FEEDBACK)
    assert referred["round"] == 1, referred
    item = j.data(learner, "GET", "/api/v1/evidence/{evidence_id}", expect=200, evidence_id=e)
    assert item["status"] == "draft", item
    tracker = j.data(learner, "GET", "/api/v1/registrations/{registration_id}/tracker", expect=200, registration_id=r)
    assert tracker["judgements"][CG_ITEM]["feedback"] == FEEDBACK, tracker["judgements"].get(CG_ITEM)
    refused = j.call(assessor, "POST", "/api/v1/registrations/{registration_id}/units/{unit_id}/sign-off", expect=422, registration_id=r, unit_id=U002)
    assert (refused.data or {}).get("code") == "criteria_not_met", refused.content[:300]

    # The learner changes the evidence and submits it again.
    j.call(learner, "PUT", "/api/v1/evidence/{evidence_id}", {
        "kind": "reflective_account", "title": "Reviewing Mr B's support plan", "activity_date": day(-10),
        "text": "I reviewed Mr B's support plan with him. Mr B chose to invite his sister and said what mattered first.",
    }, expect=200, evidence_id=e)
    declare_and_submit(j, learner, learner_name, e)

    # Every criterion met (the referred one in a second round): the reflective account supports
    # each, the expert witness's testimony is the performance evidence Unit 002 needs (C4); the
    # assessor maps it to each criterion as they judge.
    for criterion in criteria:
        met = judge(j, assessor, r, criterion, "met", [e, testimony], "Shown clearly.", map_to=[testimony])
        assert met["round"] == (2 if criterion == CG_ITEM else 1), (criterion, met)

    # Sign-off and countersignature; the unit is locked and the tracker shows it met.
    j.call(assessor, "POST", "/api/v1/registrations/{registration_id}/units/{unit_id}/sign-off", expect=201, registration_id=r, unit_id=U002)
    j.call(learner, "POST", "/api/v1/registrations/{registration_id}/units/{unit_id}/countersign", expect=201, registration_id=r, unit_id=U002)
    record = j.data(learner, "GET", "/api/v1/registrations/{registration_id}/assessment", expect=200, registration_id=r)
    assert record["locked_units"] == [U002], record.get("locked_units")
    signatures = record["sign_offs"][0]["signatures"]
    assert len(signatures) == 2 and all(s["valid"] for s in signatures), record["sign_offs"]
    tracker = j.data(learner, "GET", "/api/v1/registrations/{registration_id}/tracker", expect=200, registration_id=r)
    unit_row = next(u for u in tracker["tracker"]["units"] if u["id"] == U002)
    assert unit_row["percent_met"] == 100, unit_row
    j.call(learner, "PUT", "/api/v1/evidence/{evidence_id}/mappings", {"criteria": []}, expect=409, evidence_id=e)

    # The learner downloads the whole portfolio: the file attached at the start is inside, byte for
    # byte (behind a load balancer, whichever node stored it).
    portfolio = j.call(learner, "GET", "/api/v1/registrations/{registration_id}/portfolio.zip", expect=200, registration_id=r)
    with zipfile.ZipFile(io.BytesIO(portfolio.content)) as archive:
        names = archive.namelist()
        assert "index.html" in names and "records.json" in names, names
        kept = [archive.read(n) for n in names if n.endswith("review-notes.txt")]
        assert kept == [notes], names
    print(f"\nUnit 002 journey: {len(api.calls)} calls through the generated client")


def declare_and_submit(j: Journey, learner: Person, name: str, e: str) -> None:
    j.call(learner, "POST", "/api/v1/evidence/{evidence_id}/declaration", {"typed_name": name}, expect=201, evidence_id=e)
    submitted = j.data(learner, "POST", "/api/v1/evidence/{evidence_id}/submit", expect=200, evidence_id=e)
    assert submitted["status"] == "submitted", submitted


def judge(j: Journey, assessor: Person, r: str, item: str, outcome: str, evidence: list[str], feedback: str,
          map_to: list[str] | None = None) -> dict:
    return j.data(assessor, "POST", "/api/v1/registrations/{registration_id}/decisions", {
        "criterion_id": item, "outcome": outcome, "evidence_ids": evidence, "feedback": feedback,
        "map_evidence_ids": map_to or [],
    }, expect=201, registration_id=r)
