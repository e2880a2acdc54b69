"""`sjdsl serve`: every endpoint and every error status through an HTTP test client, the hand
cases answered exactly as `sjdsl eval` answers them, match, the catalogue, the OpenAPI document,
and a real server process (SIGHUP reload, graceful SIGTERM)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from sjdsl.tools import serve
from sjdsl.tools.cli import main
from sjdsl.tools.serve import Settings, create_app

from .conftest import ROOT, SONGJIANG
from .hand_cases import ganjingzi_cases, songjiang_cases

POLICIES = ROOT / "policies"
GANJINGZI = POLICIES / "ganjingzi-hq-economy-2019"
SJ = "/policies/songjiang-terminal-2024"
GJ = "/policies/ganjingzi-hq-economy-2019"
S11 = "对新引进的智能终端产品（关键零部件）制造项目，按不超过项目固定资产投资额的15%给予补贴，最高3000万元。"
SJDSL = [sys.executable, "-m", "sjdsl.tools.cli"]


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(str(POLICIES)))) as test_client:
        yield test_client


def post(client: TestClient, path: str, body: Any) -> Any:
    data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    return client.post(path, content=data, headers={"Content-Type": "application/json"})


# ---------------------------------------------------------------- GET endpoints


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    folders = [p for p in (ROOT / "policies").iterdir() if any(p.glob("*.pol"))]
    assert response.json() == {"status": "ok", "policies": len(folders)} and len(folders) >= 6


def test_policies_lists_name_title_doc_number_and_validity(client: TestClient) -> None:
    policies = {p["name"]: p for p in client.get("/policies").json()["policies"]}
    assert sorted(policies) == sorted(p.name for p in POLICIES.iterdir() if p.is_dir())
    songjiang = policies["songjiang-terminal-2024"]
    assert songjiang["doc_number"] == "沪松经规〔2024〕4号"  # the official text's 文号
    assert songjiang["title"] == "关于加快推进松江区智能终端产业高质量发展的若干政策"
    # 「本政策自 2025 年 1 月 1 日起执行，有效期至 2029 年 12 月 31 日。」
    assert songjiang["validity"] == {"from": "2025-01-01", "to": "2029-12-31", "rule": "A.1"}


def test_catalogue_of_a_provision(client: TestClient) -> None:
    data = client.get(SJ).json()
    provisions = {p["id"]: p for p in data["provisions"]}
    p11 = provisions["1.1"]
    assert p11["title"] == "制造项目补贴" and p11["official"] == [S11]
    assert p11["measure"] == {"number": 1, "title": "支持产业项目引进"}
    assert p11["inputs"] == [{"name": "fixed_asset_investment", "term": "项目固定资产投资额",
                              "kind": "money", "kind_word": "金额", "unit": "元", "values": [],
                              "required": True}]
    assert p11["history"] == [] and not p11["needs_project"] and not p11["needs_person"]
    # 1.3 「单个项目最多给予三年补贴」: counts per project, reads its own earlier grants
    assert provisions["1.3"]["needs_project"] and provisions["1.3"]["history"] == ["1.3"]
    # 3.3 「分别给予 100 万、50 万元」 by the level of recognition: an enumeration
    level = provisions["3.3"]["inputs"][0]
    assert level["kind"] == "enum" and level["values"] == ["国家级", "市级"]


def test_catalogue_of_an_exclusive_group(client: TestClient) -> None:
    data = client.get(GJ).json()
    # 「企业可择优、但不得重复享受。」
    assert data["exclusive_groups"] == [["6.1", "6.2", "6.3", "6.4"]]
    p64 = next(p for p in data["provisions"] if p["id"] == "6.4")
    assert p64["history"] == ["6.1", "6.2", "6.3", "6.4"]


@pytest.mark.parametrize("path", [
    "/policies/no-such-policy", "/policies/..%2F..%2Fetc%2Fpasswd",
    "/policies/%2e%2e", "/policies/../../etc/passwd",
    "/policies/songjiang-terminal-2024%00", "/nowhere"])
def test_unknown_policy_or_path_is_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "error" in response.json()
    assert "root:" not in response.text


def test_evaluate_for_an_unknown_policy_is_404(client: TestClient) -> None:
    for name in ("%2e%2e", "..%2F..%2Fpolicies%2Fsongjiang-terminal-2024", "SONGJIANG-TERMINAL-2024"):
        response = post(client, f"/policies/{name}/evaluate", {"provision": "1.1"})
        assert response.status_code == 404, name
        assert response.json()["field"] is None


@pytest.mark.parametrize("text", ["2026-13-01", "2026-W01-1", "20260315", "x"])
def test_catalogue_date_that_is_not_a_date_is_422(client: TestClient, text: str) -> None:
    """The catalogue reads ?date= as a request's date is read (an ISO week date is refused
    there too)."""
    response = client.get(SJ, params={"date": text})
    assert response.status_code == 422 and response.json()["field"] == "date"


def test_work_past_its_deadline_stops_between_evaluations() -> None:
    """After a 504 the thread is not left computing: an array of requests, or a match, stops at
    the next evaluation once its deadline has passed."""
    import time as clock

    from sjdsl.tools.service import evaluate, load_policies, match

    served = load_policies(ROOT / "policies" / "songjiang-terminal-2024")["songjiang-terminal-2024"]
    one = {"provision": "1.1", "date": "2026-03-15",
           "inputs": {"fixed_asset_investment": "1000000"}}
    past = clock.monotonic() - 1
    with pytest.raises(TimeoutError):
        evaluate(served, json.dumps([one, one]).encode(), past)
    with pytest.raises(TimeoutError):
        match(served, json.dumps({"date": "2026-03-15", "inputs": one["inputs"]}).encode(), past)
    assert evaluate(served, json.dumps([one]).encode(), clock.monotonic() + 60).status == 200


def test_wrong_method_is_405(client: TestClient) -> None:
    assert client.get(SJ + "/evaluate").status_code == 405
    assert client.post("/policies").status_code == 405


def test_calculator_page(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "政策计算器" in response.text and "/openapi.json" in response.text
    assert "innerHTML" not in response.text  # catalogue text is written as text, never as HTML


def test_openapi_has_a_request_schema_per_provision(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    schemas = document["components"]["schemas"]
    for path in (SJ, GJ):
        for provision in client.get(path).json()["provisions"]:
            name = f"{path.rsplit('/', 1)[1]}.{provision['id']}.Request"
            schema = schemas[name]
            assert schema["properties"]["provision"] == {"const": provision["id"]}
            inputs = schema["properties"]["inputs"]
            assert {i["name"] for i in provision["inputs"]} <= set(inputs["properties"])
            assert len(inputs.get("allOf", [])) == sum(i["required"] for i in provision["inputs"])
            assert ("project" in schema["required"]) == provision["needs_project"]
    assert schemas["Result"]["required"][:3] == ["provision", "eligible", "amount"]
    for case in songjiang_cases.CASES:  # every hand case names only inputs its schema lists
        request = case["request"]
        schema = schemas[f"songjiang-terminal-2024.{request['provision']}.Request"]
        assert set(request.get("inputs", {})) <= set(schema["properties"]["inputs"]["properties"])
        assert set(request) <= set(schema["properties"])


def test_docs_openapi_json_is_current(client: TestClient) -> None:
    """docs/api.md links docs/openapi.json: what the service serves for policies/."""
    written = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert written == client.get("/openapi.json").json(), \
        "stale: run .venv/bin/sjdsl describe policies --openapi > docs/openapi.json"


# ---------------------------------------------------------------- evaluate


def _eval_lines(policy: Path, lines: list[str]) -> list[dict[str, Any]]:
    """What `sjdsl eval` writes for these lines: one result a line."""
    done = subprocess.run([*SJDSL, "eval", str(policy)], input="\n".join(lines) + "\n",
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode in (0, 1), done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.mark.parametrize("policy,cases", [(SONGJIANG, songjiang_cases),
                                          (GANJINGZI, ganjingzi_cases)],
                         ids=["songjiang", "ganjingzi"])
def test_hand_cases_answered_as_sjdsl_eval_answers_them(client: TestClient, policy: Path,
                                                        cases: Any) -> None:
    lines = [json.dumps(c["request"], ensure_ascii=False) for c in cases.CASES]
    expected = _eval_lines(policy, lines)
    assert len(expected) == len(cases.CASES)
    for case, line, want in zip(cases.CASES, lines, expected, strict=True):
        response = post(client, f"/policies/{policy.name}/evaluate", line.encode())
        assert response.status_code == 200, (case["id"], response.text)
        got = response.json()
        assert got == want, case["id"]
        assert {k: got.get(k) for k in case["expect"]} == case["expect"], case["working"]


@pytest.mark.parametrize("policy,cases", [(SONGJIANG, songjiang_cases),
                                          (GANJINGZI, ganjingzi_cases)],
                         ids=["songjiang", "ganjingzi"])
def test_bad_requests_answered_as_sjdsl_eval_answers_them(client: TestClient, policy: Path,
                                                          cases: Any) -> None:
    lines = [c["line"] for c in cases.BAD_REQUESTS]
    expected = _eval_lines(policy, lines)
    for case, line, want in zip(cases.BAD_REQUESTS, lines, expected, strict=True):
        response = post(client, f"/policies/{policy.name}/evaluate", line.encode())
        got = response.json()
        assert case["field"].lower() in got["error"].lower(), case["id"]  # as the hand test asks
        if want["field"] == "json":  # not JSON: 400 (a repeated key 422), in the service's words
            assert got["field"] == "json", case["id"]
            assert response.status_code == 422 or "not valid JSON" in got["error"]
        else:  # a request error: 422 and the very object sjdsl eval writes (but its line number)
            assert response.status_code == 422, case["id"]
            assert got == {k: v for k, v in want.items() if k != "line"}, case["id"]


def test_not_eligible_is_still_200(client: TestClient) -> None:
    # 「本政策自 2025 年 1 月 1 日起执行」: a grant dated 2024-12-31 is outside it
    response = post(client, SJ + "/evaluate", {
        "provision": "1.1", "date": "2024-12-31",
        "inputs": {"fixed_asset_investment": "100000000"}})
    assert response.status_code == 200
    assert response.json()["eligible"] is False and response.json()["amount"] == "0.00"


def test_an_array_gets_an_array_of_results(client: TestClient) -> None:
    requests = [{"provision": "1.1", "date": "2026-03-15",
                 "inputs": {"fixed_asset_investment": "100000000"}},
                {"provision": "14.1", "date": "2026-03-15", "inputs": {}},
                {"provision": "1.2", "date": "2026-03-15",
                 "inputs": {"software_equipment_investment": "20000000"}}]
    response = post(client, SJ + "/evaluate", requests)
    assert response.status_code == 200
    first, error, third = response.json()
    assert first["amount"] == "15000000.00"  # 15% × 100,000,000 under the 3000 万元 cap
    assert error["field"] == "provision" and error["index"] == 1
    assert third["amount"] == "2000000.00"  # 10% × 20,000,000 under the 300 万元 cap
    assert post(client, SJ + "/evaluate", []).json() == []


@pytest.mark.parametrize("body,status,field", [
    (b'{"provision": "1.1", "date": "2026-03-15", "inputs": {', 400, "json"),
    (b"", 400, "json"),
    (b"\xff\xfe{}", 400, "json"),
    (b"[" * 100_000, 400, "json"),
    (b'{"provision": "1.1", "provision": "1.2"}', 422, "json"),
    (b'{"provision": "1.1", "date": "2026-03-15", "inputs": {"fixed_asset_investment": 1.5}}',
     422, "fixed_asset_investment"),
    (b'{"provision": "1.1", "date": "2026-03-15", "inputs": {"fixed_asset_investment": 1e9}}',
     422, "fixed_asset_investment"),
    (b'{"provision": "1.1", "date": "2026-03-15", "inputs": {"fixed_asset_investment": "-5"}}',
     422, "fixed_asset_investment"),
    (b'{"provision": "1.1", "date": "2026-02-30", "inputs": {}}', 422, "date"),
    (b'"1.1"', 422, "request"),
])
def test_error_statuses(client: TestClient, body: bytes, status: int, field: str) -> None:
    response = post(client, SJ + "/evaluate", body)
    assert response.status_code == status, response.text
    assert response.json()["field"] == field
    assert "Traceback" not in response.text


def test_a_float_is_refused_by_its_own_text(client: TestClient) -> None:
    response = post(client, SJ + "/evaluate", b'{"provision": "1.1", "date": "2026-03-15", '
                                              b'"inputs": {"fixed_asset_investment": 2.50}}')
    assert response.status_code == 422 and "2.50 is a binary float" in response.json()["error"]


def test_body_over_the_limit_is_413() -> None:
    app = create_app(Settings(str(SONGJIANG), max_body=1000))
    with TestClient(app) as small:
        big = b'{"provision": "1.1", "pad": "' + b"x" * 2000 + b'"}'
        assert post(small, SJ + "/evaluate", big).status_code == 413
        streamed = small.post(SJ + "/evaluate", content=iter([b"x" * 600, b"x" * 600]))
        assert streamed.status_code == 413  # no Content-Length: counted as it arrives
        assert post(small, SJ + "/match", big).status_code == 413


def test_a_slow_request_is_504(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(served: Any, body: bytes, deadline: float | None) -> Any:
        time.sleep(1.0)
        raise AssertionError("not reached by the client")
    monkeypatch.setattr(serve, "evaluate", slow)
    with TestClient(create_app(Settings(str(SONGJIANG), timeout=0.1))) as quick:
        response = post(quick, SJ + "/evaluate", {})
    assert response.status_code == 504 and "longer than 0.1 s" in response.json()["error"]


def test_a_bug_is_500_with_a_request_id_and_no_stack_trace(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(served: Any, body: bytes, deadline: float | None) -> Any:
        raise RuntimeError("secret internals /etc/shadow")
    monkeypatch.setattr(serve, "evaluate", broken)
    lines = _capture(serve.access_log)
    with TestClient(create_app(Settings(str(SONGJIANG))), raise_server_exceptions=False) as c:
        response = post(c, SJ + "/evaluate", {})
    assert response.status_code == 500
    rid = response.headers["x-request-id"]
    assert response.json()["request_id"] == rid
    assert "secret" not in response.text and "Traceback" not in response.text
    logged = json.loads(lines[-1])
    assert logged["request_id"] == rid and logged["status"] == 500
    assert "secret internals" in logged["exception"]  # the server log has it


def _capture(logger: logging.Logger) -> list[str]:
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())
    logger.addHandler(Keep())
    return lines


def test_access_log_is_json_with_the_request_id(client: TestClient) -> None:
    lines = _capture(serve.access_log)
    response = client.get("/healthz", headers={"X-Request-ID": "portal-42"})
    assert response.headers["x-request-id"] == "portal-42"
    logged = json.loads(lines[-1])
    assert logged["request_id"] == "portal-42" and logged["path"] == "/healthz"
    assert logged["status"] == 200 and logged["method"] == "GET"
    hostile = client.get("/healthz", headers={"X-Request-ID": "a\"b<script>" + "x" * 100})
    assert len(hostile.headers["x-request-id"]) == 32  # replaced by one of ours


def test_cors_is_off_by_default_and_allows_the_origins_given(client: TestClient) -> None:
    origin = {"Origin": "https://portal.example"}
    assert "access-control-allow-origin" not in client.get("/policies", headers=origin).headers
    with TestClient(create_app(Settings(str(SONGJIANG),
                                        allow_origins=("https://portal.example",)))) as c:
        allowed = c.get("/policies", headers=origin)
        assert allowed.headers["access-control-allow-origin"] == "https://portal.example"
        other = c.get("/policies", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


# ---------------------------------------------------------------- match


def test_match_songjiang_lists_eligible_with_the_total(client: TestClient) -> None:
    response = post(client, SJ + "/match", {"date": "2026-03-15", "inputs": {
        "fixed_asset_investment": "100000000", "software_equipment_investment": "20000000"}})
    assert response.status_code == 200
    data = response.json()
    # 1.1: 15% × 100,000,000 = 15,000,000 (under 3000 万元); 1.2: 10% × 20,000,000 = 2,000,000
    # (under 300 万元); together 17,000,000, shared 7:3 (A.2): 11,900,000 and 5,100,000
    assert [(r["provision"], r["amount"]) for r in data["eligible"]] == [
        ("1.1", "15000000.00"), ("1.2", "2000000.00")]
    assert (data["total"], data["district_share"], data["town_share"]) == (
        "17000000.00", "11900000.00", "5100000.00")
    assert {"provision": "1.3", "missing": ["annual_cloud_fees"]} in data["not_matched"]


def test_match_keeps_the_best_of_an_exclusive_group(client: TestClient) -> None:
    response = post(client, GJ + "/match", {"date": "2020-06-15", "inputs": {
        "event_date": "2019-12-31", "building_area": "5000", "self_use_percent": "60",
        "purchase_price": "30000000", "monthly_rent": "200000"}})
    data = response.json()
    # alone: 6.1 200 × 5,000 = 1,000,000; 6.2 5% × 30,000,000 = 1,500,000; 6.3 3 × 200,000 =
    # 600,000; 6.4 the best of them, 1,500,000. 「企业可择优、但不得重复享受」: one only, the best
    assert [(r["provision"], r["amount"]) for r in data["eligible"]] == [("6.2", "1500000.00")]
    assert data["total"] == "1500000.00"
    refused = {r["provision"]: r for r in data["not_eligible"]}
    assert set(refused) >= {"6.1", "6.3", "6.4"}
    assert all("不得重复享受" in refused[p]["reasons"][0] for p in ("6.1", "6.3", "6.4"))
    alone = {r["provision"]: r["alone"] for r in data["resolved"]}
    assert alone == {"6.1": "1000000.00", "6.3": "600000.00", "6.4": "1500000.00"}


def test_match_by_official_terms(client: TestClient) -> None:
    data = post(client, SJ + "/match", {"date": "2026-03-15", "inputs": {
        "技术中心级别": "区级", "认定类型": "迁入"}}).json()
    # 8.1 「对迁入我区且在有效期内的高新技术企业，给予一次性 20 万元奖励」; 8.2 「区级…技术中心…20 万元」;
    # 8.3 「…区级企业技术中心，分别给予…3 万元」: 430,000 in all, shared 7:3 (A.2) per result:
    # 140,000 + 140,000 + 21,000 = 301,000 district, 60,000 + 60,000 + 9,000 = 129,000 town
    assert [(r["provision"], r["amount"]) for r in data["eligible"]] == [
        ("8.1", "200000.00"), ("8.2", "200000.00"), ("8.3", "30000.00")]
    assert data["total"] == "430000.00"
    assert (data["district_share"], data["town_share"]) == ("301000.00", "129000.00")


def test_match_refuses_a_name_two_provisions_give_to_different_facts(client: TestClient) -> None:
    response = post(client, SJ + "/match", {"date": "2026-03-15", "inputs": {"level": "国家级"}})
    assert response.status_code == 422
    error = response.json()["error"]
    assert "「认定级别」 (3.3)" in error and "「技术中心级别」 (8.2, 8.3)" in error


def test_match_limited_to_named_provisions(client: TestClient) -> None:
    data = post(client, SJ + "/match", {"date": "2026-03-15", "provisions": ["1.1"], "inputs": {
        "fixed_asset_investment": "100000000", "software_equipment_investment": "1"}}).json()
    assert [r["provision"] for r in data["eligible"]] == ["1.1"]


@pytest.mark.parametrize("body,field", [
    ({"date": "2026-03-15", "inputs": {"fixed_asset_investmnt": "1"}}, "fixed_asset_investmnt"),
    ({"date": "2026-03-15", "inputs": {"fixed_asset_investment": 1.5}}, "fixed_asset_investment"),
    ({"date": "15/03/2026", "inputs": {}}, "date"),
    ({"date": "2026-03-15", "inputs": [], "colour": 1}, "colour"),
    ({"date": "2026-03-15", "inputs": {}, "provisions": ["99.9"]}, "provisions"),
    ({"date": "2026-03-15", "inputs": {}, "history": [{"provision": "1.1"}]},
     "history[0].date"),
    ([1, 2], "request"),
    ({"date": "2026-03-15", "inputs": {}, "project": 5}, "project"),
    ({"date": "2026-03-15", "inputs": {}, "person": ""}, "person"),
    ({"date": "2026-03-15", "inputs": {}, "override_approved": "yes"}, "override_approved"),
])
def test_match_errors_are_422(client: TestClient, body: Any, field: str) -> None:
    response = post(client, SJ + "/match", body)
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field
    if field == "fixed_asset_investmnt":
        assert "fixed_asset_investment" in response.json()["error"]  # the suggestion


def test_match_body_that_is_not_json_is_400(client: TestClient) -> None:
    assert post(client, SJ + "/match", b"{date:").status_code == 400


# ---------------------------------------------------------------- versions


@pytest.fixture(scope="module")
def amended(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("amended") / "songjiang-terminal-2024"
    shutil.copytree(SONGJIANG, folder)
    shutil.copytree(ROOT / "tests" / "amendments" / "sample-2027",
                    folder / "amendments" / "sample-2027")
    return folder


def test_versioned_policy_shows_the_version_in_force(amended: Path) -> None:
    with TestClient(create_app(Settings(str(amended)))) as c:
        before = c.get(SJ, params={"date": "2027-02-28"}).json()
        after = c.get(SJ, params={"date": "2027-03-01"}).json()
        latest = c.get(SJ).json()
        # the sample amendment: 「最高调整为5000万元」 from 2027-03-01, and 废止 12.2
        assert before["version"]["effective"] is None
        assert after["version"] == {"index": 1, "source": "示例〔2027〕1号",
                                    "effective": "2027-03-01"}
        assert latest["version"] == after["version"] and len(after["versions"]) == 2
        kinds = {p["id"]: p["kind"] for p in after["provisions"]}
        assert kinds["12.2"] == "repealed"
        assert {p["id"]: p["kind"] for p in before["provisions"]}["12.2"] == "monetary"
        request = {"provision": "1.1", "inputs": {"fixed_asset_investment": "400000000"}}
        # 15% × 400,000,000 = 60,000,000: capped at 3000 万元 before, 5000 万元 from 2027-03-01
        old = post(c, SJ + "/evaluate", {**request, "date": "2027-02-28"}).json()
        new = post(c, SJ + "/evaluate", {**request, "date": "2027-03-01"}).json()
        assert (old["amount"], new["amount"]) == ("30000000.00", "50000000.00")
        assert new["version"] == "示例〔2027〕1号"


# ---------------------------------------------------------------- describe


def test_describe_prints_the_catalogue(client: TestClient,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["describe", str(SONGJIANG), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == client.get(SJ).json()
    assert main(["describe", str(SONGJIANG)]) == 0
    text = capsys.readouterr().out
    assert S11 in text and "fixed_asset_investment 「项目固定资产投资额」 金额 元 必填" in text
    assert main(["describe", str(ROOT / "no-such-policy")]) == 2


# ---------------------------------------------------------------- a real server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, process: subprocess.Popen[str], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1]
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise AssertionError("the service did not become healthy")


@pytest.mark.slow
def test_a_real_server_reloads_on_sighup_and_stops_on_sigterm(tmp_path: Path) -> None:
    folder = tmp_path / "policies" / "songjiang-terminal-2024"
    shutil.copytree(SONGJIANG, folder)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (tmp_path / "log").open("w+")
    process = subprocess.Popen([*SJDSL, "serve", str(folder.parent), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=log, text=True, cwd=ROOT,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        wait_healthy(url, process)
        body = json.dumps({"provision": "1.1", "date": "2026-03-15",
                           "inputs": {"fixed_asset_investment": "100000000"}}).encode()
        request = urllib.request.Request(url + SJ + "/evaluate", data=body,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert json.load(response)["amount"] == "15000000.00"
        process.send_signal(signal.SIGHUP)
        _wait_for(log, '"event": "reloaded"')
        (folder / "policy.pol").write_text("政策 broken\n", encoding="utf-8")  # no longer compiles
        process.send_signal(signal.SIGHUP)
        _wait_for(log, '"event": "reload_failed"')
        with urllib.request.urlopen(url + "/healthz", timeout=10) as response:
            assert json.load(response)["policies"] == 1  # still serving the last good set
        process.send_signal(signal.SIGTERM)
        # uvicorn finishes in-flight requests, runs the shutdown, then re-raises the signal
        # (the status a supervisor expects of a process it stopped with SIGTERM)
        assert process.wait(timeout=30) in (0, -signal.SIGTERM)
        _wait_for(log, '"event": "stopped"')
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _wait_for(log: Any, text: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        log.seek(0)
        if text in log.read():
            return
        time.sleep(0.1)
    log.seek(0)
    raise AssertionError(f"{text} not in the log:\n{log.read()[-3000:]}")


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_port_already_taken_is_exit_4_with_the_reason_logged(workers: str) -> None:
    """The system refusing the port is not a bug (3, uvicorn's own code for it): exit 4."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run([*SJDSL, "serve", str(SONGJIANG), "--port", str(port),
                              "--workers", workers], capture_output=True, text=True, cwd=ROOT,
                             timeout=120)
    assert run.returncode == 4, run.stderr[-2000:]
    assert "already in use" in run.stderr.lower() and "Traceback" not in run.stderr


def test_serve_refuses_a_folder_without_policies(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", str(tmp_path)]) == 2
    assert "no policy folders" in capsys.readouterr().err
