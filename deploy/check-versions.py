#!/usr/bin/env python3
"""Which function versions a deploy would publish: template.yaml through the SAM translator, once per change.

For each scenario (one parameter of samconfig.toml changed, the jar changed, or nothing) it takes the parameter
overrides and DeployFingerprint from deploy/deploy.sh --print-fingerprint, exactly as a deploy would, translates
the template as CloudFormation would after `sam package` (CodeUri an S3 object named by the jar's MD5), and
compares the AWS::Lambda::Version logical ids with the first translation: a new id is a new version the live alias
moves to; the same id means the alias stays where it was.

Not part of the build (CI has only a JDK); run by hand after changing the deploy mechanism, and record the result in
docs/DEPLOY.md. Needs the translator: `pip install aws-sam-translator`, or PYTHONPATH=<its source tree>.

usage: python3 deploy/check-versions.py [--template PATH]   (PATH: another template.yaml, e.g. an older one)
exit status 1 when a configuration change publishes nothing or an unchanged deploy publishes something
"""
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = "functions/target/functions-lambda.jar"

# (what changes, parameter overrides to set, jar contents, whether every version must be new). The first is the
# baseline.
SCENARIOS = [
    ("baseline", {}, b"jar 1", None),
    ("nothing changed", {}, b"jar 1", False),
    ("JwtIssuer", {"JwtIssuer": "https://auth2.example.com/"}, b"jar 1", True),
    ("JwksUrl", {"JwksUrl": "https://auth2.example.com/.well-known/jwks.json"}, b"jar 1", True),
    ("Stage", {"Stage": "staging"}, b"jar 1", True),
    ("SweeperGraceMinutes", {"SweeperGraceMinutes": "90"}, b"jar 1", True),
    ("OnePasswordCliLayerArn", {"OnePasswordCliLayerArn": "arn:aws:lambda:us-east-1:123456789012:layer:op-cli:2"},
     b"jar 1", True),
    ("code only", {}, b"jar 2", True),
    # Not a function setting, yet every override is hashed: new versions with the same configuration (harmless).
    ("ResolveInvokerPrincipal", {"ResolveInvokerPrincipal": "123456789012"}, b"jar 1", True),
]
# Why deploy.sh hashes the jar too: SAM names the version after AutoPublishCodeSha256 alone, so a new jar under an
# unchanged value (a hand-kept "configuration version") would publish nothing.
KEPT_FINGERPRINT = ("code only, value kept", {}, b"jar 2", False)


class NoManagedPolicies:
    """The translator's managed-policy lookup, without IAM: the template names no managed policy."""

    def load(self):
        return {}


def with_overrides(samconfig, changes):
    """samconfig.toml with the default deploy section's parameter_overrides changed (set or added)."""
    def rewrite(match):
        line = match.group(1).replace('\\"', '"')
        for key, value in changes.items():
            pair = f'{key}="{value}"'
            line, found = re.subn(rf'\b{key}=("[^"]*"|\S+)', pair, line)
            if not found:
                line += " " + pair
        return 'parameter_overrides = "' + line.replace('"', '\\"') + '"'
    return re.sub(r'^parameter_overrides = "(.*)"$', rewrite, samconfig, count=1, flags=re.M)


def versions(template_path, changes, jar, fingerprint=None):
    """({function logical id: its Version's logical id}, DeployFingerprint) for one scenario; fingerprint: kept."""
    with tempfile.TemporaryDirectory() as scratch:
        shutil.copytree(os.path.join(ROOT, "deploy"), os.path.join(scratch, "deploy"))
        shutil.copy(template_path, os.path.join(scratch, "template.yaml"))
        with open(os.path.join(ROOT, "samconfig.toml")) as f:
            samconfig = with_overrides(f.read(), changes)
        with open(os.path.join(scratch, "samconfig.toml"), "w") as f:
            f.write(samconfig)
        os.makedirs(os.path.join(scratch, os.path.dirname(JAR)))
        with open(os.path.join(scratch, JAR), "wb") as f:
            f.write(jar)
        printed = subprocess.run(["sh", os.path.join(scratch, "deploy", "deploy.sh"), "--print-fingerprint"],
                                 check=True, capture_output=True, text=True).stdout.splitlines()
    parameters = dict(pair.split("=", 1) for pair in shlex.split(printed[1]))
    with open(template_path) as f:
        template = yaml_parse(f)
    fingerprint = fingerprint or printed[0].split("=", 1)[1]
    if "DeployFingerprint" in template.get("Parameters", {}):
        parameters["DeployFingerprint"] = fingerprint
    # What `sam package` leaves: the jar uploaded under its MD5.
    key = hashlib.md5(jar).hexdigest()
    template["Globals"]["Function"]["CodeUri"] = f"s3://fake-bucket/{key}"
    translated = transform(template, parameters, NoManagedPolicies())
    found = {}
    for logical_id, resource in translated["Resources"].items():
        if resource["Type"] == "AWS::Lambda::Version":
            found[resource["Properties"]["FunctionName"]["Ref"]] = logical_id
    return found, fingerprint


def main():
    template_path = os.path.join(ROOT, "template.yaml")
    if sys.argv[1:2] == ["--template"]:
        template_path = os.path.abspath(sys.argv[2])
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    baseline = None
    failures = 0
    print(f"{'change':<24} new versions")
    for name, changes, jar, all_new in SCENARIOS + [KEPT_FINGERPRINT]:
        found, fingerprint = versions(template_path, changes, jar, kept if name == KEPT_FINGERPRINT[0] else None)
        if baseline is None:
            baseline, kept = found, fingerprint
            print(f"{name:<24} {len(found)} functions, e.g. {min(found.items())[1]}")
            continue
        changed = sorted(f for f in found if found[f] != baseline.get(f))
        example = f", e.g. {changed[0]}: {baseline[changed[0]]} -> {found[changed[0]]}" if changed else ""
        expected = len(found) if all_new else 0
        verdict = "ok" if len(changed) == expected else f"WRONG (expected {expected})"
        failures += len(changed) != expected
        print(f"{name:<24} {len(changed)} of {len(found)}{example}  {verdict}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
