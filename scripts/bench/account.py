"""Sets up accounts in the AWS emulator as the install page leaves them: the cross-account role
with Astronomer's trust statement and managed policy, and the optional monitoring of the role
(a multi-region trail delivering to a log group, with its bucket and delivery role, a metric
filter on the role's events and an alarm with an action). The benchmark then times the role's
checks with the rest of `check --online`, every fact gathered rather than skipped.

Run by scripts/bench/run with the emulator's Python (.venv, which has boto3 through moto):

    .venv/bin/python scripts/bench/account.py http://127.0.0.1:PORT 123456789012 ...
"""

from __future__ import annotations

import json
import sys
import urllib.request

import boto3

ROLE = "astronomer-remote-management"
POLICY = "AstronomerCrossAccountRole"
ASTRONOMER = "406882777402"
EVENTS = ["AttachRolePolicy", "DetachRolePolicy", "SetPolicyVersion", "CreatePolicyVersion"]


def credentials(url: str, account: str) -> dict:
    body = json.dumps({"accountId": account}).encode()
    request = urllib.request.Request(url + "/_preflight/credentials", data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        creds = json.loads(response.read())
    return {
        "aws_access_key_id": creds["accessKeyId"],
        "aws_secret_access_key": creds["secretAccessKey"],
        "aws_session_token": creds["sessionToken"],
    }


def set_up(url: str, account: str, region: str = "us-east-1") -> None:
    session = boto3.session.Session(region_name=region, **credentials(url, account))

    def client(service: str):
        return session.client(service, endpoint_url=url)

    iam = client("iam")
    trust = {
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{ASTRONOMER}:root"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": "bench-external-id"}},
        }],
    }  # fmt: skip
    iam.create_role(RoleName=ROLE, AssumeRolePolicyDocument=json.dumps(trust))
    document = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}
    arn = iam.create_policy(PolicyName=POLICY, PolicyDocument=json.dumps(document))["Policy"]["Arn"]
    iam.attach_role_policy(RoleName=ROLE, PolicyArn=arn)
    # The Hybrid permissions boundary the same stack creates (role-boundary-missing).
    iam.create_policy(PolicyName="AstronomerOperationalBoundary", PolicyDocument=json.dumps(document))

    bucket = f"astro-trail-{account}"
    client("s3").create_bucket(Bucket=bucket)
    group = "CloudTrail/astro"
    client("logs").create_log_group(logGroupName=group)
    delivery = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }  # fmt: skip
    iam.create_role(RoleName="CloudTrailToLogs", AssumeRolePolicyDocument=json.dumps(delivery))
    cloudtrail = client("cloudtrail")
    cloudtrail.create_trail(
        Name="astro-trail",
        S3BucketName=bucket,
        IsMultiRegionTrail=True,
        CloudWatchLogsLogGroupArn=f"arn:aws:logs:{region}:{account}:log-group:{group}:*",
        CloudWatchLogsRoleArn=f"arn:aws:iam::{account}:role/CloudTrailToLogs",
    )
    cloudtrail.start_logging(Name="astro-trail")
    names = " || ".join(f"$.eventName = {e}" for e in EVENTS)
    pattern = (f'{{ ({names}) && ($.requestParameters.policyArn = "*{POLICY}" '
               f"|| $.requestParameters.roleName = {ROLE}) }}")  # fmt: skip
    client("logs").put_metric_filter(
        logGroupName=group,
        filterName="AstroRoleChanges",
        filterPattern=pattern,
        metricTransformations=[{"metricName": "AstroRoleChanges", "metricNamespace": "CloudTrailMetrics",
                                "metricValue": "1"}],
    )  # fmt: skip
    client("cloudwatch").put_metric_alarm(
        AlarmName="AstroRoleChanges",
        MetricName="AstroRoleChanges",
        Namespace="CloudTrailMetrics",
        Statistic="Sum",
        Period=300,
        EvaluationPeriods=1,
        Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        AlarmActions=[f"arn:aws:sns:{region}:{account}:astro-alerts"],
    )


if __name__ == "__main__":
    for account_id in sys.argv[2:]:
        set_up(sys.argv[1], account_id)
