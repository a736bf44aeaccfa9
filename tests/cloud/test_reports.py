"""POST /v1/reports and GET /v1/reports/trends (issue 22), on SQLite and PostgreSQL: reports per
organisation/repository/ref; new and fixed findings against the previous report, by fingerprint."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest

from infragenius.core.findings import Severity

from .reports_helpers import DOCKERFILE, auth, sarif, upload

POINT_KEYS = ["at", "errors", "warnings", "information", "new", "fixed"]


def test_the_first_upload_is_the_baseline(cloud):
    key = cloud.account()
    response = upload(cloud, key, sarif())
    assert response.status_code == 201
    body = response.json()
    assert {k: v for k, v in body.items() if k != "id"} == {
        "repository": "acme/infra",
        "ref": "main",
        "errors": 1,
        "warnings": 1,
        "information": 0,
        "new": 0,
        "fixed": 0,
        "baseline": True,
    }


def test_moved_findings_are_old_added_ones_new_and_gone_ones_fixed(cloud):
    key = cloud.account()
    assert upload(cloud, key, sarif()).status_code == 201
    moved = "# header\n\n" + DOCKERFILE + "EXPOSE 80\n"  # both findings 2 lines down
    later = sarif(moved, [("DF001", 4, Severity.ERROR), ("DF003", 6, Severity.INFORMATION)])
    body = upload(cloud, key, later).json()
    assert (body["new"], body["fixed"], body["baseline"]) == (1, 1, False)  # DF003 new, DF002 fixed
    assert (body["errors"], body["warnings"], body["information"]) == (1, 0, 1)


def test_trends_one_point_per_upload_oldest_first(cloud):
    key = cloud.account()
    upload(cloud, key, sarif())
    upload(cloud, key, sarif(findings=[("DF002", 0, Severity.WARNING)]))
    upload(cloud, key, sarif(), ref="develop")  # another ref: another series
    response = cloud.client.get(
        "/v1/reports/trends", params={"repository": "acme/infra", "ref": "main"}, headers=auth(key)
    )
    assert response.status_code == 200
    points = response.json()["points"]
    assert [list(p) for p in points] == [POINT_KEYS, POINT_KEYS]
    assert [(p["errors"], p["warnings"], p["information"], p["new"], p["fixed"]) for p in points] == [
        (1, 1, 0, 0, 0),
        (0, 1, 0, 0, 1),
    ]
    assert dt.datetime.fromisoformat(points[0]["at"]).tzinfo is not None


def test_reports_belong_to_their_organisation(cloud):
    mine, theirs = cloud.account(), cloud.account()
    upload(cloud, mine, sarif())
    params = {"repository": "acme/infra", "ref": "main"}
    assert cloud.client.get("/v1/reports/trends", params=params, headers=auth(theirs)).json() == {"points": []}
    assert upload(cloud, theirs, sarif()).json()["baseline"] is True  # their first report of the same name


def test_community_sees_30_days_of_history_professional_all(cloud):
    community, professional = cloud.account(tier="community"), cloud.account(tier="professional")
    for key in (community, professional):
        upload(cloud, key, sarif())
        upload(cloud, key, sarif())
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=31)).replace(tzinfo=None)
    with cloud.database.engine.begin() as conn:
        from sqlalchemy import text

        first_ids = conn.execute(
            text("SELECT MIN(id) FROM reports GROUP BY organisation_id")  # any one report per organisation
        ).scalars()
        for report_id in list(first_ids):
            conn.execute(text("UPDATE reports SET created_at = :old WHERE id = :id"), {"old": old, "id": report_id})
    params = {"repository": "acme/infra", "ref": "main"}
    counts = [
        len(cloud.client.get("/v1/reports/trends", params=params, headers=auth(k)).json()["points"])
        for k in (community, professional)
    ]
    assert counts == [1, 2]


def test_a_gzip_upload_is_read_and_a_gzip_bomb_refused(cloud):
    key = cloud.account()
    assert upload(cloud, key, sarif(), compress=True).status_code == 201
    bomb = gzip.compress(b"{" + b" " * (cloud.settings.max_report_bytes + 10) + b"}")
    response = cloud.client.post(
        "/v1/reports",
        content=bomb,
        headers={**auth(key), "Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json() == {"error": f"report larger than {cloud.settings.max_report_bytes} bytes once decompressed"}


def test_a_whole_repositorys_report_may_be_larger_than_other_requests(cloud):
    key = cloud.account()
    many = sarif("".join(f"RUN step {n}\n" for n in range(3000)), [("DF012", n, Severity.WARNING) for n in range(3000)])
    body = json.dumps({"repository": "acme/infra", "ref": "main", "sarif": many}).encode()
    assert len(gzip.compress(body)) > cloud.settings.max_request_bytes
    response = upload(cloud, key, many, compress=True)
    assert (response.status_code, response.json()["warnings"]) == (201, 3000)
    analysis = cloud.client.post(
        "/v1/analyses", content=b"x" * (cloud.settings.max_request_bytes + 1), headers=auth(key)
    )
    assert analysis.status_code == 413  # the larger limit is the upload's only


@pytest.mark.parametrize(
    "body, message",
    [
        ({"repository": "acme", "ref": "main", "sarif": {}}, "invalid report: repository must be OWNER/NAME"),
        ({"repository": "a/../b", "ref": "main", "sarif": {}}, "invalid report: repository must be OWNER/NAME"),
        ({"repository": "acme/infra", "ref": "ma in", "sarif": {}}, "invalid report: ref is not a valid git ref name"),
        (
            {"repository": "acme/infra", "ref": "main", "sarif": {"version": "2.0.0"}},
            "invalid report: sarif must be a SARIF 2.1.0 log",
        ),
        (
            {
                "repository": "acme/infra",
                "ref": "main",
                "sarif": {"version": "2.1.0", "runs": [{"results": [{"ruleId": "X"}]}]},
            },
            "invalid report: a SARIF result lacks ruleId or a physical location, or has a malformed field",
        ),
        ({"ref": "main"}, "invalid report: missing fields"),
    ],
)
def test_a_malformed_upload_is_422_and_says_why(cloud, body, message):
    key = cloud.account()
    response = cloud.client.post("/v1/reports", content=json.dumps(body), headers=auth(key))
    assert (response.status_code, response.json()) == (422, {"error": message})


def test_reports_need_a_key(cloud):
    assert upload(cloud, "igk_nothing_here", sarif()).status_code == 401
    assert cloud.client.get("/v1/reports/trends", params={"repository": "a/b", "ref": "main"}).status_code == 401


def test_a_report_keeps_no_message_and_no_file_text(cloud):
    key = cloud.account()
    upload(cloud, key, sarif())
    stored = cloud.scalar("SELECT findings FROM reports")
    assert "message" not in str(stored) and "alpine" not in str(stored)


def test_professional_trends_by_rule_and_by_repository(cloud):
    key = cloud.account(tier="professional")
    upload(cloud, key, sarif())
    upload(cloud, key, sarif(findings=[("DF001", 2, Severity.ERROR), ("DF001", 3, Severity.ERROR)]))
    upload(cloud, key, sarif(), repository="acme/web")
    params = {"repository": "acme/infra", "ref": "main"}
    by_rule = cloud.client.get("/v1/reports/trends/rules", params=params, headers=auth(key)).json()["points"]
    assert [p["rules"] for p in by_rule] == [{"DF001": 1, "DF002": 1}, {"DF001": 2}]
    by_repository = cloud.client.get("/v1/reports/trends/repositories", headers=auth(key)).json()["repositories"]
    assert [(r["repository"], r["ref"], [p["errors"] for p in r["points"]]) for r in by_repository] == [
        ("acme/infra", "main", [1, 2]),
        ("acme/web", "main", [1]),
    ]


def test_trends_by_rule_and_repository_are_professional(cloud):
    key = cloud.account(tier="community")
    params = {"repository": "acme/infra", "ref": "main"}
    by_rule = cloud.client.get("/v1/reports/trends/rules", params=params, headers=auth(key))
    assert (by_rule.status_code, by_rule.json()) == (
        403,
        {"error": "trends by rule is a Professional feature (see /pricing)"},
    )
    assert cloud.client.get("/v1/reports/trends/repositories", headers=auth(key)).status_code == 403
    assert cloud.client.get("/v1/reports/trends/repositories").status_code == 401


def test_uploads_are_rate_limited_per_organisation(sqlite_url):
    from .conftest import running_cloud

    with running_cloud(sqlite_url, rate_limit_per_minute=2) as cloud:
        key = cloud.account()
        assert [upload(cloud, key, sarif()).status_code for _ in range(2)] == [201, 201]
        refused = upload(cloud, key, sarif(), repository="acme/other")
        assert (refused.status_code, refused.headers["retry-after"]) == (429, "60")
        assert refused.json() == {"error": "rate limit of 2 uploads per minute reached"}
        assert upload(cloud, cloud.account(), sarif()).status_code == 201  # another organisation


WELL_FORMED = sarif()["runs"][0]["results"][0]


@pytest.mark.parametrize(
    "change",
    [
        {"partialFingerprints": ["not", "an", "object"]},
        {"message": "a string, not an object"},
        {"locations": [{"physicalLocation": {"artifactLocation": {"uri": "x"}, "region": []}}]},
        {"locations": [{"physicalLocation": {"artifactLocation": {"uri": "x"}, "region": {"startLine": 1e400}}}]},
        {"locations": "Dockerfile"},
    ],
)
def test_a_malformed_result_is_422_never_a_crash(cloud, change):
    broken = {**WELL_FORMED, **change}
    if "partialFingerprints" not in change:
        broken["partialFingerprints"] = {}  # the fallback path reads the message
    log = {"version": "2.1.0", "runs": [{"results": [broken]}]}
    response = upload(cloud, cloud.account(), log)
    assert response.status_code == 422
    assert response.json() == {
        "error": "invalid report: a SARIF result lacks ruleId or a physical location, or has a malformed field"
    }


def test_json_nested_past_the_recursion_limit_is_422(cloud):
    response = cloud.client.post("/v1/reports", content=b"[" * 200_000, headers=auth(cloud.account()))
    assert (response.status_code, response.json()) == (422, {"error": "invalid report: the body is not JSON"})
