"""What ``check --upload`` sends: the SARIF's texts redacted, its fingerprints and locations untouched."""

from __future__ import annotations

from infragenius.tiers.report_upload import redacted

AWS_KEY = "AKIA" + "IOSFODNN7EXAMPLE"


def test_texts_are_redacted_and_fingerprints_kept():
    result = {
        "ruleId": "DF020",
        "message": {"text": f"ENV AWS_ACCESS_KEY_ID={AWS_KEY} is a secret in clear text"},
        "fixes": [{"artifactChanges": [{"replacements": [{"insertedContent": {"text": f"ARG K={AWS_KEY}"}}]}]}],
        "partialFingerprints": {
            "infragenius/v1": "9f1c2e7a4b5d6e8f0a1b:1",
            "infragenius/line/v1": "0d8130061cc7bf73b391",
        },
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "Dockerfile"}}}],
    }
    sent = redacted({"version": "2.1.0", "runs": [{"results": [result]}]})
    (out,) = sent["runs"][0]["results"]
    assert AWS_KEY not in str(sent)
    assert out["message"]["text"].startswith("ENV AWS_ACCESS_KEY_ID=") and "REDACTED" in out["message"]["text"]
    assert out["partialFingerprints"] == result["partialFingerprints"]
    assert out["locations"] == result["locations"] and out["ruleId"] == "DF020"
