#!/usr/bin/env python3
"""A local AWS emulator for astro-preflight's online tests and benchmarks.

It runs moto's server (``moto[server]==5.2.1``) in-process and wraps it in a WSGI middleware that
adds what stock moto lacks for the calls astro-preflight makes:

* Service Quotas ``GetServiceQuota`` / ``GetAWSDefaultServiceQuota`` for the EC2 codes
  ``L-1216C47A`` and ``L-34B43A08`` (stock moto only knows a few ``vpc`` quotas);
* Account ``GetRegionOptStatus``;
* EC2 ``DescribeRegions`` honouring ``AllRegions`` and reporting each region's ``OptInStatus``
  from the scenario (moto always returns every region, with a stale opt-in table);
* regions that are not enabled: as on AWS, calls of the regional services (EC2, STS, Service
  Quotas, RDS, EKS, ELB, Lambda, CloudFormation) to such a region are refused (``AuthFailure``,
  ``InvalidClientTokenId``, ``UnrecognizedClientException``);
* the IAM action of every call, REST ones included (S3 ``ListBuckets`` is ``s3:ListAllMyBuckets``,
  ``eks:ListClusters``, ``lambda:ListFunctions``), so that ``deny``, ``errors`` and ``delays``
  apply to each call of the whole-account inventory, with errors in each service's protocol.

* IAM ``SimulatePrincipalPolicy`` (a simple evaluation of the role's attached managed and
  inline policies, and its permissions boundary: ``Action``/``NotAction`` with wildcards, any
  resource, conditions ignored, an explicit ``Deny`` winning) and
  ``SetSecurityTokenServicePreferences`` (the account's global endpoint token version, which
  ``GetAccountSummary`` then reports);
* CloudWatch ``DescribeAlarms`` in the ``rpc-v2-cbor`` protocol the SDK speaks (moto reads the
  Query protocol only), from moto's alarms; IAM actions of CloudWatch (signing name
  ``monitoring``) are named ``cloudwatch:...``.

Stock moto serves the inventory's native listings (EC2, IAM) in every region, and STS
``AssumeRole`` into another account; Cloud Control ``ListResources`` (the inventory's other
types) is the emulator's, over moto's backends.

plus a small control API for tests, under ``/_preflight/``:

``GET  /_preflight/health``       200 ``ok`` once the server answers.
``GET  /_preflight/scenario``     the current scenario, as JSON (``?account=ID``: that account's).
``POST /_preflight/scenario``     merge a JSON object into the scenario (top-level keys replace).
                                  With ``"account": "ID"`` in the object, into that account's
                                  own scenario (which starts from the defaults), so that tests
                                  sharing one emulator, each with its own account, do not meet.
``POST /_preflight/reset``        restore the default scenarios, clear the call log, reset moto.
``POST /_preflight/credentials``  ``{"accountId": "111122223333"}`` -> temporary credentials that
                                  moto maps to that account (see "Accounts" below).
``GET  /_preflight/calls``        every AWS call seen so far: ``{"action", "region", "account",
                                  "outcome"}`` (``?account=ID``: that account's only).

The scenario (every key optional; defaults shown by ``GET /_preflight/scenario``)::

    {
      "quotas":        {"L-1216C47A": 64, "L-34B43A08": null},  # applied values; null = none
                                                                # (GetServiceQuota answers
                                                                # NoSuchResourceException)
      "defaultQuotas": {"L-1216C47A": 5, "L-34B43A08": 5},      # GetAWSDefaultServiceQuota
      "regions":       {"ap-east-1": "ENABLED"},                # opt-in regions, Account API
                                                                # spelling; others DISABLED
      "deny":          ["ec2:DescribeVpcs"],                    # IAM actions answered with the
                                                                # service's access-denied error
      "errors":        {"sts:GetCallerIdentity": "throttle",    # "throttle", "internal" (500) or
                                                                # "expired" (the session expired)
                        "ec2:DescribeInstances": "internal"},
      "delays":        {"*": 0.01, "ec2:DescribeVpcs": 2.5}     # seconds before answering; "*"
                                                                # applies to every call
    }

A Cloud Control type's own list permission (``lambda:ListFunctions`` for
``AWS::Lambda::Function``) denied, failed or delayed is that type's ``ListResources`` denied,
failed or delayed, as Cloud Control calls the type's list handler with the caller's credentials.

Accounts: moto picks the account of a request from, in order, the ``MOTO_ACCOUNT_ID`` environment
variable (process-wide), an ``x-moto-account-id`` request header, the account that owns the access
key in moto's IAM state (keys made by IAM ``CreateAccessKey`` or STS ``AssumeRole``; an assumed
role ``arn:aws:iam::ACCOUNT:role/...`` yields keys of ACCOUNT), and otherwise 123456789012. Any
made-up access key therefore acts as account 123456789012; ``/_preflight/credentials`` returns
AssumeRole credentials for another account.

Usage::

    python tests/emulator/server.py [--host 127.0.0.1] [--port 0] [--verbose] [--no-warm-up]
                                    [--exit-on-eof]

With ``--port 0`` (the default) a free port is chosen. Once the server accepts connections, the
port number is printed alone on the first line of stdout; logs go to stderr. Before that, one
call of each service is made in-process so that moto's first-call set-up (about a second for
EC2) does not land on a measured call; ``--no-warm-up`` skips it. With ``--exit-on-eof`` the
server stops when its standard input closes: a test harness that keeps the write end open ties
the emulator's life to its own, even if it dies without cleaning up.
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import re
import signal
import sys
import threading
import time
import uuid
from typing import Any, Callable, Iterable
from urllib.parse import parse_qs

try:
    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        create_backend_app,
    )
    from werkzeug.serving import make_server
except ImportError as exc:  # pragma: no cover - reported to the test that spawned us
    sys.stderr.write(
        f"astro-preflight emulator: cannot import moto's server ({exc}); "
        "install it with: pip install 'moto[server]==5.2.1'\n"
    )
    sys.exit(3)

StartResponse = Callable[..., Any]

# --------------------------------------------------------------------------------------------
# Static data
# --------------------------------------------------------------------------------------------

QUOTA_NAMES = {
    "L-1216C47A": "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances",
    "L-34B43A08": "All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests",
}

# Commercial regions enabled on every account.
REGIONS_BY_DEFAULT = [
    "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1",
    "ap-southeast-2", "ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2",
    "eu-west-3", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
]  # fmt: skip

# Every commercial region launched after 2019-03-20 is opt-in (disabled by default).
OPT_IN_REGIONS = [
    "ap-east-1", "me-south-1", "af-south-1", "eu-south-1", "ap-southeast-3", "me-central-1",
    "eu-central-2", "eu-south-2", "ap-south-2", "ap-southeast-4", "il-central-1", "ca-west-1",
    "ap-southeast-5", "ap-southeast-7", "mx-central-1", "ap-east-2", "ap-southeast-6",
]  # fmt: skip

# Services whose endpoints in a region that is not enabled refuse every call.
REGIONAL_SERVICES = {
    "ec2", "servicequotas", "sts", "rds", "eks", "elasticloadbalancing", "lambda", "cloudformation",
    "cloudcontrolapi",
}  # fmt: skip

# Operations of REST services (no ``Action`` parameter, no ``X-Amz-Target``) that the middleware
# must name, so that ``deny``, ``errors`` and ``delays`` apply to them: (signing name, method,
# path pattern, operation). Other REST calls (test set-up) go to moto unnamed.
REST_OPERATIONS = [
    ("s3", "GET", re.compile(r"^/$"), "ListBuckets"),
    ("eks", "GET", re.compile(r"^/clusters/?$"), "ListClusters"),
    ("lambda", "GET", re.compile(r"^/2015-03-31/functions/?$"), "ListFunctions"),
]

# Operations whose IAM action has another name.
IAM_ACTIONS = {"s3:ListBuckets": "s3:ListAllMyBuckets"}

# Signing names whose IAM prefix is another.
IAM_PREFIXES = {"monitoring": "cloudwatch", "cloudcontrolapi": "cloudformation"}

ACCOUNT_STATUSES = {"ENABLED", "ENABLING", "DISABLING", "DISABLED", "ENABLED_BY_DEFAULT"}

# Account API status -> EC2 DescribeRegions OptInStatus.
EC2_OPT_IN = {
    "ENABLED_BY_DEFAULT": "opt-in-not-required",
    "ENABLED": "opted-in",
    "DISABLING": "opted-in",
    "ENABLING": "not-opted-in",
    "DISABLED": "not-opted-in",
}

DEFAULT_SCENARIO: dict[str, Any] = {
    "quotas": {"L-1216C47A": 64.0, "L-34B43A08": 64.0},
    "defaultQuotas": {"L-1216C47A": 5.0, "L-34B43A08": 5.0},
    "regions": {},
    "deny": [],
    "errors": {},
    "delays": {},
    "cloudControlUnsupported": {},
}

SCENARIO_KEYS = set(DEFAULT_SCENARIO)
ACCOUNT_ID = re.compile(r"^\d{12}$")

CREDENTIAL_SCOPE = re.compile(r"Credential=([^/\s,]+)/\d{8}/([^/\s,]+)/([^/\s,]+)/aws4_request")


class ScenarioError(ValueError):
    """A scenario the control API refuses."""


def validate_scenario(update: Any) -> None:
    if not isinstance(update, dict):
        raise ScenarioError("the scenario must be a JSON object")
    unknown = set(update) - SCENARIO_KEYS - {"account"}
    if unknown:
        raise ScenarioError(f"unknown scenario keys: {sorted(unknown)}")
    for key in ("quotas", "defaultQuotas"):
        for code, value in update.get(key, {}).items():
            if value is not None and not isinstance(value, (int, float)):
                raise ScenarioError(f"{key}.{code} must be a number or null")
    for region, status in update.get("regions", {}).items():
        if status not in ACCOUNT_STATUSES:
            raise ScenarioError(f"regions.{region}: {status!r} is not one of {sorted(ACCOUNT_STATUSES)}")
    if "account" in update and not ACCOUNT_ID.match(str(update["account"])):
        raise ScenarioError("account must be 12 digits")
    if not isinstance(update.get("deny", []), list):
        raise ScenarioError("deny must be a list of IAM actions")
    for action, kind in update.get("errors", {}).items():
        if kind not in ("throttle", "internal", "expired"):
            raise ScenarioError(
                f"errors.{action}: {kind!r} is not 'throttle', 'internal' or 'expired'"
            )
    for region, types in update.get("cloudControlUnsupported", {}).items():
        if not isinstance(types, list) or not all(t in CLOUD_CONTROL_TYPES for t in types):
            raise ScenarioError(
                f"cloudControlUnsupported.{region} must be a list of types the emulator lists"
            )
    for action, delay in update.get("delays", {}).items():
        if not isinstance(delay, (int, float)) or delay < 0:
            raise ScenarioError(f"delays.{action} must be a non-negative number of seconds")


# --------------------------------------------------------------------------------------------
# Requests
# --------------------------------------------------------------------------------------------


class Call:
    """What an AWS request is: its service, IAM action, region and parameters."""

    def __init__(self, environ: dict[str, Any]):
        self.environ = environ
        self.service = ""
        self.region = "us-east-1"
        self.access_key = ""
        auth = environ.get("HTTP_AUTHORIZATION", "")
        match = CREDENTIAL_SCOPE.search(auth)
        if match:
            self.access_key, self.region, self.service = match.groups()
        self.body = self._read_body()
        self.form: dict[str, list[str]] = {}
        self.json: dict[str, Any] = {}
        self.operation = self._operation()

    @property
    def action(self) -> str:
        """The IAM action, e.g. ``ec2:DescribeVpcs``; empty when not an AWS call."""
        if not self.service or not self.operation:
            return ""
        action = f"{IAM_PREFIXES.get(self.service, self.service)}:{self.operation}"
        return IAM_ACTIONS.get(action, action)

    @property
    def cbor(self) -> bool:
        """Whether the call speaks Smithy's RPC v2 CBOR protocol."""
        return self.environ.get("HTTP_SMITHY_PROTOCOL", "") == "rpc-v2-cbor"

    def _read_body(self) -> bytes:
        try:
            length = int(self.environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = self.environ["wsgi.input"].read(length) if length > 0 else b""
        # Give moto an unread stream with the same bytes.
        self.environ["wsgi.input"] = io.BytesIO(body)
        return body

    def _operation(self) -> str:
        target = self.environ.get("HTTP_X_AMZ_TARGET", "")
        if target:  # awsJson: "ServiceQuotasV20190624.GetServiceQuota"
            self.json = self._parse_json()
            return target.rsplit(".", 1)[-1]
        content_type = self.environ.get("CONTENT_TYPE", "")
        if content_type.startswith("application/x-www-form-urlencoded"):  # ec2 / awsQuery
            self.form = parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)
            return self.param("Action")
        if self.environ.get("QUERY_STRING") and "Action=" in self.environ["QUERY_STRING"]:
            self.form = parse_qs(self.environ["QUERY_STRING"], keep_blank_values=True)
            return self.param("Action")
        path = self.environ.get("PATH_INFO", "")
        if self.environ.get("HTTP_SMITHY_PROTOCOL", "") == "rpc-v2-cbor":
            # POST /service/SERVICE/operation/OPERATION
            return path.rstrip("/").rsplit("/", 1)[-1]
        if self.service == "account" and path.startswith("/"):  # restJson: POST /getRegionOptStatus
            self.json = self._parse_json()
            name = path.strip("/").split("/")[0]
            return name[:1].upper() + name[1:]
        method = self.environ.get("REQUEST_METHOD", "GET")
        host = self.environ.get("HTTP_HOST", "")
        for service, verb, pattern, operation in REST_OPERATIONS:
            if service == self.service and verb == method and pattern.match(path):
                # S3 virtual-hosted style (bucket.host) addresses a bucket, not the service.
                if service == "s3" and not re.match(r"^(127\.0\.0\.1|localhost|s3[.-])", host):
                    continue
                return operation
        return ""

    def _parse_json(self) -> dict[str, Any]:
        try:
            value = json.loads(self.body or b"{}")
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    def param(self, name: str) -> str:
        values = self.form.get(name) or [""]
        return values[0]

    def list_param(self, prefix: str) -> list[str]:
        """``RegionName.1``, ``RegionName.2``... (EC2) in index order."""
        pattern = re.compile(rf"^{re.escape(prefix)}\.(\d+)$")
        found = []
        for key, values in self.form.items():
            match = pattern.match(key)
            if match:
                found.append((int(match.group(1)), values[0]))
        return [value for _, value in sorted(found)]

    @property
    def account_id(self) -> str:
        """The account moto serves this call from, found the way moto finds it."""
        import os

        from moto.iam.models import get_account_id_from

        if "MOTO_ACCOUNT_ID" in os.environ:
            return os.environ["MOTO_ACCOUNT_ID"]
        header = self.environ.get("HTTP_X_MOTO_ACCOUNT_ID")
        if header:
            return header
        return get_account_id_from(self.access_key or "AKIAEXAMPLE")


# --------------------------------------------------------------------------------------------
# Responses
# --------------------------------------------------------------------------------------------


def respond(
    start_response: StartResponse,
    status: int,
    body: str,
    content_type: str,
    headers: Iterable[tuple[str, str]] = (),
) -> list[bytes]:
    return respond_bytes(start_response, status, body.encode("utf-8"), content_type, headers)


def respond_bytes(
    start_response: StartResponse,
    status: int,
    data: bytes,
    content_type: str,
    headers: Iterable[tuple[str, str]] = (),
) -> list[bytes]:
    reasons = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
               429: "Too Many Requests", 500: "Internal Server Error",
               503: "Service Unavailable"}  # fmt: skip
    start_response(
        f"{status} {reasons.get(status, 'Status')}",
        [
            ("Content-Type", content_type),
            ("Content-Length", str(len(data))),
            ("x-amzn-RequestId", str(uuid.uuid4())),
            *headers,
        ],
    )
    return [data]


# ---- CBOR (RFC 8949), the little of it RPC v2 needs ------------------------------------------


def cbor_encode(value: Any) -> bytes:
    def head(major: int, n: int) -> bytes:
        if n < 24:
            return bytes([major << 5 | n])
        for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
            if n < 1 << (8 * size):
                return bytes([major << 5 | info]) + n.to_bytes(size, "big")
        raise ValueError("integer too large for CBOR")

    if value is None:
        return b"\xf6"
    if value is True:
        return b"\xf5"
    if value is False:
        return b"\xf4"
    if isinstance(value, int):
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, float):
        import struct

        return b"\xfb" + struct.pack(">d", value)
    if isinstance(value, bytes):
        return head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        return head(3, len(data)) + data
    if isinstance(value, (list, tuple)):
        return head(4, len(value)) + b"".join(cbor_encode(v) for v in value)
    if isinstance(value, dict):
        return head(5, len(value)) + b"".join(
            cbor_encode(k) + cbor_encode(v) for k, v in value.items()
        )
    raise TypeError(f"cannot encode {type(value).__name__} in CBOR")


def cbor_decode(data: bytes) -> Any:
    """Decodes one CBOR item (definite or indefinite lengths, tags skipped)."""
    import struct

    pos = 0

    def take(n: int) -> bytes:
        nonlocal pos
        if pos + n > len(data):
            raise ValueError("truncated CBOR")
        chunk = data[pos : pos + n]
        pos += n
        return chunk

    def item() -> Any:
        first = take(1)[0]
        major, info = first >> 5, first & 31
        if major == 7:
            if info == 20:
                return False
            if info == 21:
                return True
            if info in (22, 23):
                return None
            if info == 25:
                return struct.unpack(">e", take(2))[0]
            if info == 26:
                return struct.unpack(">f", take(4))[0]
            if info == 27:
                return struct.unpack(">d", take(8))[0]
            if info == 31:
                return BREAK
            return info
        if info < 24:
            n: int | None = info
        elif info in (24, 25, 26, 27):
            n = int.from_bytes(take(1 << (info - 24)), "big")
        elif info == 31:
            n = None
        else:
            raise ValueError("malformed CBOR")
        if major == 0:
            return n
        if major == 1:
            return -1 - (n or 0)
        if major in (2, 3):
            if n is None:
                parts = []
                while (part := item()) is not BREAK:
                    parts.append(part)
                return (b"" if major == 2 else "").join(parts)
            raw = take(n)
            return raw if major == 2 else raw.decode("utf-8")
        if major == 4:
            out = []
            while n is None or len(out) < n:
                value = item()
                if value is BREAK:
                    break
                out.append(value)
            return out
        if major == 5:
            result = {}
            count = 0
            while n is None or count < n:
                key = item()
                if key is BREAK:
                    break
                result[key] = item()
                count += 1
            return result
        return item()  # major 6: a tag; the tagged item

    BREAK = object()
    return item() if data else {}


def xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def aws_error(
    call: Call, start_response: StartResponse, status: int, code: str, message: str
) -> list[bytes]:
    """An error in the wire protocol of the call's service."""
    if call.cbor:
        body = cbor_encode({"__type": code, "message": message})
        return respond_bytes(start_response, status, body, "application/cbor",
                             [("smithy-protocol", "rpc-v2-cbor")])  # fmt: skip
    if call.service == "ec2":
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Response><Errors><Error><Code>{code}</Code><Message>{xml_escape(message)}</Message>"
            f"</Error></Errors><RequestID>{uuid.uuid4()}</RequestID></Response>"
        )
        return respond(start_response, status, body, "text/xml")
    if call.service == "s3":  # restXml
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{code}</Code><Message>{xml_escape(message)}</Message>"
            f"<RequestId>{uuid.uuid4()}</RequestId></Error>"
        )
        return respond(start_response, status, body, "application/xml")
    if call.form:  # awsQuery (STS)
        kind = "Receiver" if status >= 500 else "Sender"
        body = (
            '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
            f"<Error><Type>{kind}</Type><Code>{code}</Code><Message>{xml_escape(message)}</Message>"
            f"</Error><RequestId>{uuid.uuid4()}</RequestId></ErrorResponse>"
        )
        return respond(start_response, status, body, "text/xml")
    # awsJson (Service Quotas) and restJson (Account)
    body = json.dumps({"__type": code, "message": message, "Message": message})
    content_type = (
        "application/x-amz-json-1.1" if call.environ.get("HTTP_X_AMZ_TARGET") else "application/json"
    )
    return respond(start_response, status, body, content_type, [("x-amzn-ErrorType", code)])


def access_denied(call: Call, start_response: StartResponse) -> list[bytes]:
    if call.service == "ec2":
        return aws_error(call, start_response, 403, "UnauthorizedOperation",
                         "You are not authorized to perform this operation.")  # fmt: skip
    message = (
        f"User: arn:aws:iam::{call.account_id}:user/preflight is not authorized to perform: "
        f"{call.action} because no identity-based policy allows the {call.action} action"
    )
    if call.form or call.service == "s3":  # awsQuery (STS, IAM, RDS, ELB, CloudFormation), S3
        return aws_error(call, start_response, 403, "AccessDenied", message)
    return aws_error(call, start_response, 403, "AccessDeniedException", message)


def throttled(call: Call, start_response: StartResponse) -> list[bytes]:
    if call.service == "cloudcontrolapi":
        return aws_error(call, start_response, 400, "ThrottlingException", "Rate exceeded")
    if call.service == "ec2":
        return aws_error(call, start_response, 503, "RequestLimitExceeded", "Request limit exceeded.")
    if call.form:  # awsQuery
        return aws_error(call, start_response, 400, "Throttling", "Rate exceeded")
    if call.service == "s3":
        return aws_error(call, start_response, 503, "SlowDown", "Please reduce your request rate.")
    status = 429 if call.service in ("account", "eks", "lambda") else 400
    return aws_error(call, start_response, status, "TooManyRequestsException", "Rate exceeded")


def expired_token(call: Call, start_response: StartResponse) -> list[bytes]:
    """What AWS answers to a session whose credentials have expired."""
    message = "The security token included in the request is expired"
    if call.form or call.service in ("ec2", "s3"):
        return aws_error(call, start_response, 400 if call.service == "ec2" else 403,
                         "ExpiredToken", message)  # fmt: skip
    return aws_error(call, start_response, 403, "ExpiredTokenException", message)


def region_disabled(call: Call, start_response: StartResponse) -> list[bytes]:
    """What AWS answers on the endpoints of a region the account has not enabled: it does not
    accept the credentials."""
    if call.service == "ec2":
        return aws_error(call, start_response, 401, "AuthFailure",
                         "AWS was not able to validate the provided access credentials")  # fmt: skip
    if call.form:  # STS
        return aws_error(call, start_response, 403, "InvalidClientTokenId",
                         "The security token included in the request is invalid.")  # fmt: skip
    return aws_error(call, start_response, 400, "UnrecognizedClientException",
                     "The security token included in the request is invalid.")  # fmt: skip


def internal_error(call: Call, start_response: StartResponse) -> list[bytes]:
    if call.service == "ec2":
        return aws_error(call, start_response, 500, "InternalError",
                         "An internal error has occurred.")  # fmt: skip
    if call.form:
        return aws_error(call, start_response, 500, "InternalFailure",
                         "An internal error has occurred.")  # fmt: skip
    if call.service == "s3":
        return aws_error(call, start_response, 500, "InternalError",
                         "We encountered an internal error. Please try again.")  # fmt: skip
    return aws_error(call, start_response, 500, "ServiceException",
                     "An internal error has occurred.")  # fmt: skip


# --------------------------------------------------------------------------------------------
# Injected failures, by action or by action in one region
# --------------------------------------------------------------------------------------------


def denied(scenario: dict[str, Any], action: str, region: str) -> bool:
    """Whether the scenario denies the action (``"ACTION"``, or ``"ACTION@REGION"`` in one
    region)."""
    return action in scenario["deny"] or f"{action}@{region}" in scenario["deny"]


def injected_error(scenario: dict[str, Any], action: str, region: str) -> str | None:
    """The failure the scenario injects for the action in the region, if any."""
    errors = scenario["errors"]
    return errors.get(f"{action}@{region}", errors.get(action))


# --------------------------------------------------------------------------------------------
# AWS Cloud Control API: ListResources (JSON 1.0, ``CloudApiService.ListResources``)
# --------------------------------------------------------------------------------------------

# Resources of the emulator's own, for types or properties moto does not hold:
# (account, region, type) -> [(identifier, properties)]; region "global" for global types.
CLOUD_CONTROL_STORE: dict[tuple[str, str, str], list[tuple[str, dict[str, Any]]]] = {}
CLOUD_CONTROL_LOCK = threading.Lock()
CLOUD_CONTROL_PAGE = 100


class _NoBackend:
    """A backend moto has not made yet: it holds nothing (any attribute is empty)."""

    def __getattr__(self, _name: str) -> Any:
        return {}


def _backend(module: str, name: str, account: str, region: str) -> Any:
    """moto's backend of the service in the account and region, without making one (moto makes
    its backends on first use, some at a cost): one not made yet holds nothing."""
    import importlib

    backends = getattr(importlib.import_module(module), name)
    if not dict.__contains__(backends, account):
        return _NoBackend()
    regions = dict.__getitem__(backends, account)
    if not dict.__contains__(regions, region):
        return _NoBackend()
    return dict.__getitem__(regions, region)


def _cc_dynamodb(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.dynamodb.models", "dynamodb_backends", account, region)
    return [(name, {"TableName": name}) for name in b.tables]


def _cc_sqs(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.sqs.models", "sqs_backends", account, region)
    return [
        (f"https://sqs.{region}.amazonaws.com/{account}/{name}", {"QueueName": name})
        for name in b.queues
    ]


def _cc_sns(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.sns.models", "sns_backends", account, region)
    return [(arn, {"TopicArn": arn}) for arn in b.topics]


def _cc_ecs(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.ecs.models", "ecs_backends", account, region)
    return [(name, {"ClusterName": name}) for name in b.clusters]


def _cc_efs(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.efs.models", "efs_backends", account, region)
    return [(fs_id, {"FileSystemId": fs_id}) for fs_id in b.file_systems_by_id]


def _cc_elasticache(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.elasticache.models", "elasticache_backends", account, region)
    return [(cid, {"Id": cid}) for cid in b.cache_clusters]


def _cc_redshift(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.redshift.models", "redshift_backends", account, region)
    return [(cid, {"ClusterIdentifier": cid}) for cid in b.clusters]


def _cc_opensearch(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.opensearch.models", "opensearch_backends", account, region)
    return [(name, {"DomainName": name}) for name in b.domains]


def _cc_kms(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.kms.models", "kms_backends", account, region)
    return [
        (key_id, {"KeyId": key_id, "KeyManager": getattr(key, "key_manager", "CUSTOMER"),
                  "KeyState": getattr(key, "key_state", "Enabled")})
        for key_id, key in b.keys.items()
    ]  # fmt: skip


def _cc_secrets(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.secretsmanager.models", "secretsmanager_backends", account, region)
    return [(secret.arn, {"Id": secret.arn}) for secret in b.secrets.values()]


def _cc_ecr(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.ecr.models", "ecr_backends", account, region)
    return [(name, {"RepositoryName": name}) for name in b.repositories]


def _cc_kinesis(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.kinesis.models", "kinesis_backends", account, region)
    return [(name, {"Name": name}) for name in b.streams]


def _cc_kafka(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.kafka.models", "kafka_backends", account, region)
    return [(arn, {"Arn": arn}) for arn in b.clusters]


def _cc_states(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.stepfunctions.models", "stepfunctions_backends", account, region)
    return [(sm.arn, {"Arn": sm.arn}) for sm in b.state_machines]


def _cc_restapis(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.apigateway.models", "apigateway_backends", account, region)
    return [(api_id, {"RestApiId": api_id}) for api_id in b.apis]


def _cc_apisv2(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.apigatewayv2.models", "apigatewayv2_backends", account, region)
    return [(api_id, {"ApiId": api_id}) for api_id in b.apis]


def _cc_events(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.events.models", "events_backends", account, region)
    rules = []
    for bus in b.event_buses.values():
        for rule in bus.rules.values():
            rules.append((rule.arn, {"Arn": rule.arn}))
    return rules


def _cc_logs(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.logs.models", "logs_backends", account, region)
    return [(name, {"LogGroupName": name}) for name in b.groups]


def _cc_elbv2(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    # The primary identifier is the ARN; the name is in it (no LoadBalancerName listed).
    b = _backend("moto.elbv2.models", "elbv2_backends", account, region)
    return [(arn, {"LoadBalancerArn": arn}) for arn in b.load_balancers]


def _cc_elb(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.elb.models", "elb_backends", account, region)
    return [(name, {"LoadBalancerName": name}) for name in b.load_balancers]


def _cc_eks(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.eks.models", "eks_backends", account, region)
    return [(name, {"Name": name}) for name in b.clusters]


def _cc_rds_instances(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.rds.models", "rds_backends", account, region)
    return [(db_id, {"DBInstanceIdentifier": db_id}) for db_id in b.databases]


def _cc_rds_clusters(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.rds.models", "rds_backends", account, region)
    return [(db_id, {"DBClusterIdentifier": db_id}) for db_id in b.clusters]


def _cc_lambda(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.awslambda.models", "lambda_backends", account, region)
    return [(name, {"FunctionName": name}) for name in getattr(b._lambdas, "_functions", {})]


def _cc_stacks(account: str, region: str) -> list[tuple[str, dict[str, Any]]]:
    # As the stack type's list handler: ListStacks without DELETE_COMPLETE, each by its stack ID
    # (an ARN), with its parent's and root's IDs only (no name, no status).
    b = _backend("moto.cloudformation.models", "cloudformation_backends", account, region)
    stacks = list(b.stacks.values()) + list(b.deleted_stacks.values())
    return [(stack.stack_id, {"StackId": stack.stack_id}) for stack in stacks
            if stack.status != "DELETE_COMPLETE"]  # fmt: skip


# moto keeps the backends of global services (Route 53, CloudFront, S3) under the partition's
# name. AWS::S3::Bucket's list handler answers the buckets of every region, wherever it is called.
def _cc_s3(account: str, _region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.s3.models", "s3_backends", account, "aws")
    return [(name, {"BucketName": name}) for name in b.buckets]


def _cc_route53(account: str, _region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.route53.models", "route53_backends", account, "aws")
    return [(zone_id, {"Id": zone_id}) for zone_id in b.zones]


def _cc_cloudfront(account: str, _region: str) -> list[tuple[str, dict[str, Any]]]:
    b = _backend("moto.cloudfront.models", "cloudfront_backends", account, "aws")
    return [(dist_id, {"Id": dist_id}) for dist_id in b.distributions]


# Each type the emulator lists: its own list permission (which the scenario may deny or fail,
# as Cloud Control calls the type's handler with the caller's credentials), whether it is
# global, and its lister over moto's backends.
CLOUD_CONTROL_TYPES: dict[str, tuple[str, bool, Callable[[str, str], list[tuple[str, dict[str, Any]]]]]] = {
    "AWS::DynamoDB::Table": ("dynamodb:ListTables", False, _cc_dynamodb),
    "AWS::SQS::Queue": ("sqs:ListQueues", False, _cc_sqs),
    "AWS::SNS::Topic": ("sns:ListTopics", False, _cc_sns),
    "AWS::ECS::Cluster": ("ecs:ListClusters", False, _cc_ecs),
    "AWS::EFS::FileSystem": ("elasticfilesystem:DescribeFileSystems", False, _cc_efs),
    "AWS::ElastiCache::CacheCluster": ("elasticache:DescribeCacheClusters", False, _cc_elasticache),
    "AWS::Redshift::Cluster": ("redshift:DescribeClusters", False, _cc_redshift),
    "AWS::OpenSearchService::Domain": ("es:ListDomainNames", False, _cc_opensearch),
    "AWS::KMS::Key": ("kms:ListKeys", False, _cc_kms),
    "AWS::SecretsManager::Secret": ("secretsmanager:ListSecrets", False, _cc_secrets),
    "AWS::ECR::Repository": ("ecr:DescribeRepositories", False, _cc_ecr),
    "AWS::Kinesis::Stream": ("kinesis:ListStreams", False, _cc_kinesis),
    "AWS::MSK::Cluster": ("kafka:ListClustersV2", False, _cc_kafka),
    "AWS::StepFunctions::StateMachine": ("states:ListStateMachines", False, _cc_states),
    "AWS::ApiGateway::RestApi": ("apigateway:GET", False, _cc_restapis),
    "AWS::ApiGatewayV2::Api": ("apigateway:GET", False, _cc_apisv2),
    "AWS::Events::Rule": ("events:ListRules", False, _cc_events),
    "AWS::Logs::LogGroup": ("logs:DescribeLogGroups", False, _cc_logs),
    "AWS::Route53::HostedZone": ("route53:ListHostedZones", True, _cc_route53),
    "AWS::CloudFront::Distribution": ("cloudfront:ListDistributions", True, _cc_cloudfront),
    "AWS::ElasticLoadBalancingV2::LoadBalancer": ("elasticloadbalancing:DescribeLoadBalancers", False, _cc_elbv2),
    "AWS::ElasticLoadBalancing::LoadBalancer": ("elasticloadbalancing:DescribeLoadBalancers", False, _cc_elb),
    "AWS::EKS::Cluster": ("eks:ListClusters", False, _cc_eks),
    "AWS::RDS::DBInstance": ("rds:DescribeDBInstances", False, _cc_rds_instances),
    "AWS::RDS::DBCluster": ("rds:DescribeDBClusters", False, _cc_rds_clusters),
    "AWS::Lambda::Function": ("lambda:ListFunctions", False, _cc_lambda),
    "AWS::CloudFormation::Stack": ("cloudformation:ListStacks", False, _cc_stacks),
    "AWS::S3::Bucket": ("s3:ListAllMyBuckets", True, _cc_s3),
}  # fmt: skip


def cloud_control_own_action(call: "Call") -> str | None:
    """The list permission of the type a ``ListResources`` call lists (None for another call)."""
    if call.action != "cloudformation:ListResources":
        return None
    known = CLOUD_CONTROL_TYPES.get(str(call.json.get("TypeName", "")))
    return known[0] if known else None


def cloud_control_error(start_response: StartResponse, status: int, code: str, message: str) -> list[bytes]:
    body = json.dumps({"__type": code, "Message": message})
    return respond(start_response, status, body, "application/x-amz-json-1.0",
                   [("x-amzn-ErrorType", code)])  # fmt: skip


def cloud_control_route(call: Call, scenario: dict[str, Any]) -> tuple[str, Callable[..., Any]]:
    """ListResources of one type: the type's own permission (denied or failed by the scenario,
    in every region or one), whether the type is offered in the region, then its resources."""
    type_name = str(call.json.get("TypeName", ""))
    if type_name not in CLOUD_CONTROL_TYPES:
        return "emulator", lambda _e, sr: cloud_control_error(
            sr, 400, "TypeNotFoundException", f"Type {type_name!r} cannot be found.")
    own_action, is_global, lister = CLOUD_CONTROL_TYPES[type_name]
    if denied(scenario, own_action, call.region):
        message = (f"Access denied for operation 'ListResources' of {type_name}: User: "
                   f"arn:aws:iam::{call.account_id}:user/preflight is not authorized to perform: "
                   f"{own_action}")  # fmt: skip
        return "denied", lambda _e, sr: cloud_control_error(sr, 400, "AccessDeniedException", message)
    injected = injected_error(scenario, own_action, call.region)
    if injected == "throttle":
        return "throttled", lambda _e, sr: cloud_control_error(
            sr, 400, "ThrottlingException", "Rate exceeded")
    if injected in ("internal", "expired"):
        return "internal-error", lambda _e, sr: cloud_control_error(
            sr, 500, "ServiceInternalErrorException", "An internal error has occurred.")
    if type_name in scenario.get("cloudControlUnsupported", {}).get(call.region, []):
        return "emulator", lambda _e, sr: cloud_control_error(
            sr, 400, "TypeNotFoundException",
            f"The type {type_name} is not available in {call.region}.")  # fmt: skip

    def answer(_environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        account = call.account_id
        store_region = "global" if is_global else call.region
        try:
            found = lister(account, call.region)
        except Exception as exc:  # noqa: BLE001 - never a false empty: say it failed
            sys.stderr.write(f"astro-preflight emulator: listing {type_name}: {exc!r}\n")
            return cloud_control_error(start_response, 500, "ServiceInternalErrorException",
                                       f"the emulator could not list {type_name}: {exc}")  # fmt: skip
        with CLOUD_CONTROL_LOCK:
            found = found + list(CLOUD_CONTROL_STORE.get((account, store_region, type_name), []))
        try:
            start = int(call.json.get("NextToken") or 0)
        except ValueError:
            return cloud_control_error(start_response, 400, "InvalidRequestException", "bad NextToken")
        size = int(call.json.get("MaxResults") or CLOUD_CONTROL_PAGE)
        page = found[start : start + size]
        out: dict[str, Any] = {
            "TypeName": type_name,
            "ResourceDescriptions": [
                {"Identifier": ident, "Properties": json.dumps(props)} for ident, props in page
            ],
        }
        if start + size < len(found):
            out["NextToken"] = str(start + size)
        return respond(start_response, 200, json.dumps(out), "application/x-amz-json-1.0")

    return "emulator", answer


# --------------------------------------------------------------------------------------------
# Landing zones, built in one call: what AWS Control Tower's Account Factory and a CDK bootstrap
# leave in an account (the same lists as astro-preflight's presets table)
# --------------------------------------------------------------------------------------------

CONTROL_TOWER_STACKS = ["CLOUDWATCH", "CONFIG", "ROLES", "SERVICE-ROLES"]
CDK_ROLES = ["deploy-role", "file-publishing-role", "image-publishing-role", "lookup-role",
             "cfn-exec-role"]  # fmt: skip
EMPTY_TEMPLATE = json.dumps(
    {"Resources": {"Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"}}}
)
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {
    "Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})  # fmt: skip


def landing_zone(endpoint: str, credentials: dict[str, str], spec: dict[str, Any]) -> dict[str, Any]:
    """Builds a Control Tower account (``"preset": "control-tower"``; ``"vpc": true`` adds
    Account Factory's VPC and its stack; ``"landingZoneVersion"``: before 3.0 adds the CloudTrail
    stack and the CloudWatch Logs role, before 2.8 the Config recorder's role) or a
    CDK-bootstrapped one (``"preset": "cdk-bootstrap"``, ``"qualifier"``) in ``"region"``, through
    moto (unlogged, without the scenario's failures or delays). Returns what it made."""
    preset = spec.get("preset")
    region = str(spec.get("region", "us-east-1"))
    account = credentials["accountId"]
    client = _setup_clients(endpoint, credentials, region)

    made: list[dict[str, str]] = []

    def note(kind: str, ident: str, where: str = region) -> None:
        made.append({"type": kind, "id": ident, "region": where})

    iam, cfn = client("iam"), client("cloudformation")
    if preset == "control-tower":
        version = tuple(int(p) for p in str(spec.get("landingZoneVersion", "3.3")).split("."))
        suffix = uuid.uuid4().hex[:8]
        stacks = list(CONTROL_TOWER_STACKS)
        roles = ["aws-controltower-AdministratorExecutionRole",
                 "aws-controltower-ForwardSnsNotificationRole",
                 "aws-controltower-ReadOnlyExecutionRole", "AWSControlTowerExecution"]  # fmt: skip
        if version < (3, 0):
            stacks.append("CLOUDTRAIL")
            roles.append("aws-controltower-CloudWatchLogsRole")
        if version < (2, 8):
            roles.append("aws-controltower-ConfigRecorderRole")
        for stack in stacks:
            name = f"StackSet-AWSControlTowerBP-BASELINE-{stack}-{suffix}"
            cfn.create_stack(StackName=name, TemplateBody=EMPTY_TEMPLATE)
            note("AWS::CloudFormation::Stack", name)
        for role in roles:
            _create_role(iam, role)
            note("AWS::IAM::Role", role, "global")
        topic = client("sns").create_topic(Name="aws-controltower-SecurityNotifications")
        note("AWS::SNS::Topic", topic["TopicArn"])
        role_arn = f"arn:aws:iam::{account}:role/aws-controltower-ForwardSnsNotificationRole"
        client("lambda").create_function(
            FunctionName="aws-controltower-NotificationForwarder", Runtime="python3.12",
            Role=role_arn, Handler="index.handler", Code={"ZipFile": _zip_of("index.py", "")},
        )  # fmt: skip
        note("AWS::Lambda::Function", "aws-controltower-NotificationForwarder")
        logs = client("logs")
        logs.create_log_group(logGroupName="/aws/lambda/aws-controltower-NotificationForwarder")
        note("AWS::Logs::LogGroup", "/aws/lambda/aws-controltower-NotificationForwarder")
        events = client("events")
        for rule in ("AWSControlTowerManagedRule", "aws-controltower-ConfigComplianceChangeEventRule"):
            arn = events.put_rule(Name=rule, EventPattern=json.dumps({"source": ["aws.config"]}))
            note("AWS::Events::Rule", arn["RuleArn"])
        if spec.get("vpc"):
            name = f"StackSet-AWSControlTowerBP-VPC-ACCOUNT-FACTORY-V1-{suffix}"
            cfn.create_stack(StackName=name, TemplateBody=EMPTY_TEMPLATE)
            note("AWS::CloudFormation::Stack", name)
            vpc = client("ec2").create_vpc(CidrBlock=str(spec.get("cidr", "172.31.0.0/16")))
            note("AWS::EC2::VPC", vpc["Vpc"]["VpcId"])
    elif preset == "cdk-bootstrap":
        q = str(spec.get("qualifier", "hnb659fds"))
        cfn.create_stack(StackName="CDKToolkit", TemplateBody=EMPTY_TEMPLATE)
        note("AWS::CloudFormation::Stack", "CDKToolkit")
        bucket = f"cdk-{q}-assets-{account}-{region}"
        s3 = client("s3")
        if region == "us-east-1":
            s3.create_bucket(Bucket=bucket)
        else:
            s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
        note("AWS::S3::Bucket", bucket, "global")
        repo = f"cdk-{q}-container-assets-{account}-{region}"
        client("ecr").create_repository(repositoryName=repo)
        note("AWS::ECR::Repository", repo)
        for role in CDK_ROLES:
            name = f"cdk-{q}-{role}-{account}-{region}"
            _create_role(iam, name)
            note("AWS::IAM::Role", name, "global")
        client("ssm").put_parameter(Name=f"/cdk-bootstrap/{q}/version", Value="21", Type="String")
        note("AWS::SSM::Parameter", f"/cdk-bootstrap/{q}/version")
    else:
        raise ScenarioError("preset must be 'control-tower' or 'cdk-bootstrap'")
    return {"account": account, "preset": preset, "resources": made}


def samples(endpoint: str, credentials: dict[str, str], region: str, tag: str, global_: bool) -> dict[str, Any]:
    """One resource of each type the inventory lists through Cloud Control (and EC2's transit
    gateways and VPN connections) in ``region``, made in moto (unlogged), and a deleted stack
    (``deleted-...``, not noted); with ``global``, the global types (a Route 53 hosted zone, a
    CloudFront distribution, an S3 bucket made in another region than ``region``) instead."""
    c = _setup_clients(endpoint, credentials, region)
    made: list[dict[str, str]] = []

    def note(kind: str, ident: str) -> None:
        made.append({"type": kind, "id": ident, "region": "global" if global_ else region})

    account = credentials["accountId"]
    if global_:
        zone = c("route53").create_hosted_zone(Name=f"z{tag}.example.com", CallerReference=tag)
        note("AWS::Route53::HostedZone", zone["HostedZone"]["Id"].rsplit("/", 1)[-1])
        origin = {"Id": "o", "DomainName": "example.com", "CustomOriginConfig": {
            "HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}
        dist = c("cloudfront").create_distribution(DistributionConfig={
            "CallerReference": tag, "Origins": {"Quantity": 1, "Items": [origin]},
            "DefaultCacheBehavior": {"TargetOriginId": "o", "ViewerProtocolPolicy": "allow-all",
                                     "MinTTL": 0, "ForwardedValues": {
                                         "QueryString": False, "Cookies": {"Forward": "none"}}},
            "Comment": "", "Enabled": True})  # fmt: skip
        note("AWS::CloudFront::Distribution", dist["Distribution"]["Id"])
        elsewhere = "eu-west-1" if region != "eu-west-1" else "us-west-2"
        bucket = f"bucket-{tag}"
        c("s3", elsewhere).create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": elsewhere})
        note("AWS::S3::Bucket", bucket)
        return {"resources": made}
    name = f"s{tag}"
    c("dynamodb").create_table(
        TableName=name, KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST")  # fmt: skip
    note("AWS::DynamoDB::Table", name)
    c("sqs").create_queue(QueueName=name)
    note("AWS::SQS::Queue", f"https://sqs.{region}.amazonaws.com/{account}/{name}")
    note("AWS::SNS::Topic", c("sns").create_topic(Name=name)["TopicArn"])
    c("ecs").create_cluster(clusterName=name)
    note("AWS::ECS::Cluster", name)
    note("AWS::EFS::FileSystem", c("efs").create_file_system(CreationToken=name)["FileSystemId"])
    c("elasticache").create_cache_cluster(CacheClusterId=name, Engine="redis",
                                          CacheNodeType="cache.t3.micro", NumCacheNodes=1)  # fmt: skip
    note("AWS::ElastiCache::CacheCluster", name)
    c("redshift").create_cluster(ClusterIdentifier=name, NodeType="dc2.large", MasterUsername="u",
                                 MasterUserPassword="Passw0rd1", ClusterType="single-node")  # fmt: skip
    note("AWS::Redshift::Cluster", name)
    c("opensearch").create_domain(DomainName=name)
    note("AWS::OpenSearchService::Domain", name)
    note("AWS::KMS::Key", c("kms").create_key()["KeyMetadata"]["KeyId"])
    note("AWS::SecretsManager::Secret", c("secretsmanager").create_secret(Name=name, SecretString="x")["ARN"])
    c("ecr").create_repository(repositoryName=name)
    note("AWS::ECR::Repository", name)
    c("kinesis").create_stream(StreamName=name, ShardCount=1)
    note("AWS::Kinesis::Stream", name)
    msk = c("kafka").create_cluster_v2(ClusterName=name, Serverless={"VpcConfigs": [{"SubnetIds": ["subnet-1"]}]})
    note("AWS::MSK::Cluster", msk["ClusterArn"])
    sm = c("stepfunctions").create_state_machine(
        name=name, definition="{}", roleArn=f"arn:aws:iam::{account}:role/states")
    note("AWS::StepFunctions::StateMachine", sm["stateMachineArn"])
    note("AWS::ApiGateway::RestApi", c("apigateway").create_rest_api(name=name)["id"])
    note("AWS::ApiGatewayV2::Api", c("apigatewayv2").create_api(Name=name, ProtocolType="HTTP")["ApiId"])
    note("AWS::Events::Rule", c("events").put_rule(Name=name, ScheduleExpression="rate(1 day)")["RuleArn"])
    c("logs").create_log_group(logGroupName=name)
    note("AWS::Logs::LogGroup", name)
    ec2 = c("ec2")
    # Load balancers (v2 in two zones of a VPC of its own), EKS, RDS, Lambda, CloudFormation.
    vpc = ec2.create_vpc(CidrBlock="10.90.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.90.{n}.0/24",
                                 AvailabilityZone=f"{region}{zone}")["Subnet"]["SubnetId"]
               for n, zone in ((1, "a"), (2, "b"))]  # fmt: skip
    c("elbv2").create_load_balancer(Name=f"alb-{tag}", Subnets=subnets)
    note("AWS::ElasticLoadBalancingV2::LoadBalancer", f"alb-{tag}")
    c("elb").create_load_balancer(
        LoadBalancerName=f"clb-{tag}", AvailabilityZones=[f"{region}a"],
        Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 80}])  # fmt: skip
    note("AWS::ElasticLoadBalancing::LoadBalancer", f"clb-{tag}")
    c("eks").create_cluster(name=f"eks-{tag}", roleArn=f"arn:aws:iam::{account}:role/eks",
                            resourcesVpcConfig={"subnetIds": subnets})  # fmt: skip
    note("AWS::EKS::Cluster", f"eks-{tag}")
    rds = c("rds")
    rds.create_db_instance(DBInstanceIdentifier=f"db-{tag}", DBInstanceClass="db.t3.micro",
                           Engine="postgres", MasterUsername="astro",
                           MasterUserPassword="password123", AllocatedStorage=20)  # fmt: skip
    note("AWS::RDS::DBInstance", f"db-{tag}")
    rds.create_db_cluster(DBClusterIdentifier=f"cluster-{tag}", Engine="aurora-postgresql",
                          MasterUsername="astro", MasterUserPassword="password123")  # fmt: skip
    note("AWS::RDS::DBCluster", f"cluster-{tag}")
    _create_role(c("iam"), "preflight-samples-lambda")
    c("lambda").create_function(
        FunctionName=f"fn-{tag}", Runtime="python3.12", Handler="index.handler",
        Role=f"arn:aws:iam::{account}:role/preflight-samples-lambda",
        Code={"ZipFile": _zip_of("index.py", "")})  # fmt: skip
    note("AWS::Lambda::Function", f"fn-{tag}")
    cfn = c("cloudformation")
    cfn.create_stack(StackName=f"stack-{tag}", TemplateBody=EMPTY_TEMPLATE)
    note("AWS::CloudFormation::Stack", f"stack-{tag}")
    cfn.create_stack(StackName=f"deleted-{tag}", TemplateBody=EMPTY_TEMPLATE)
    cfn.delete_stack(StackName=f"deleted-{tag}")
    note("AWS::EC2::TransitGateway", ec2.create_transit_gateway()["TransitGateway"]["TransitGatewayId"])
    cgw = ec2.create_customer_gateway(Type="ipsec.1", PublicIp="203.0.113.1", BgpAsn=65000)
    vgw = ec2.create_vpn_gateway(Type="ipsec.1")
    vpn = ec2.create_vpn_connection(Type="ipsec.1",
                                    CustomerGatewayId=cgw["CustomerGateway"]["CustomerGatewayId"],
                                    VpnGatewayId=vgw["VpnGateway"]["VpnGatewayId"])  # fmt: skip
    note("AWS::EC2::VPNConnection", vpn["VpnConnection"]["VpnConnectionId"])
    return {"resources": made}


def make_named(endpoint: str, credentials: dict[str, str], spec: dict[str, Any]) -> dict[str, Any]:
    """One resource of ``"type"`` named ``"name"`` in ``"region"``, made in moto (unlogged): a
    CloudFormation stack or an S3 bucket (made in that region)."""
    kind, name = spec.get("type"), str(spec.get("name", ""))
    region = str(spec.get("region", "us-east-1"))
    client = _setup_clients(endpoint, credentials, region)
    if not name:
        raise ScenarioError("name is required")
    if kind == "AWS::CloudFormation::Stack":
        client("cloudformation").create_stack(StackName=name, TemplateBody=EMPTY_TEMPLATE)
    elif kind == "AWS::S3::Bucket":
        where = {} if region == "us-east-1" else {
            "CreateBucketConfiguration": {"LocationConstraint": region}}  # fmt: skip
        client("s3").create_bucket(Bucket=name, **where)
    else:
        raise ScenarioError("type must be AWS::CloudFormation::Stack or AWS::S3::Bucket")
    return {"type": kind, "id": name, "region": "global" if kind == "AWS::S3::Bucket" else region}


def _setup_clients(endpoint: str, credentials: dict[str, str], region: str) -> Callable[..., Any]:
    """boto3 clients of the emulator for the control API's set-up: their calls go straight to
    moto, unlogged, without the scenario's failures or delays."""
    import boto3

    def client(service: str, in_region: str = region) -> Any:
        c = boto3.client(
            service, region_name=in_region, endpoint_url=endpoint,
            aws_access_key_id=credentials["accessKeyId"],
            aws_secret_access_key=credentials["secretAccessKey"],
            aws_session_token=credentials.get("sessionToken"),
        )  # fmt: skip
        c.meta.events.register(
            "before-sign.*.*", lambda request, **_: request.headers.add_header("X-Preflight-Setup", "1")
        )
        return c

    return client


def _create_role(iam: Any, name: str) -> None:
    """Creates a role, or keeps it (IAM is global: a landing zone in a second region)."""
    try:
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
    except iam.exceptions.EntityAlreadyExistsException:
        pass


def _zip_of(name: str, text: str) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, text)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# The application
# --------------------------------------------------------------------------------------------


class PreflightEmulator:
    """WSGI middleware around moto's ``DomainDispatcherApplication``."""

    def __init__(self, moto_app: Any):
        self.moto_app = moto_app
        self.lock = threading.Lock()
        self.scenario: dict[str, Any] = copy.deepcopy(DEFAULT_SCENARIO)
        # Accounts with a scenario of their own.
        self.account_scenarios: dict[str, dict[str, Any]] = {}
        self.calls: list[dict[str, str]] = []

    def scenario_of(self, account: str | None) -> dict[str, Any]:
        """The scenario that applies to an account (call with the lock held)."""
        if account is not None and account in self.account_scenarios:
            return self.account_scenarios[account]
        return self.scenario

    # ---- control API ----------------------------------------------------------------------

    def control(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        raw = environ["wsgi.input"].read(length) if length > 0 else b""

        def reply(status: int, value: Any) -> list[bytes]:
            return respond(start_response, status, json.dumps(value, indent=2) + "\n",
                           "application/json")  # fmt: skip

        try:
            payload = json.loads(raw) if raw else {}
        except ValueError as exc:
            return reply(400, {"error": f"invalid JSON: {exc}"})

        if path == "/_preflight/health":
            return respond(start_response, 200, "ok\n", "text/plain")
        query = parse_qs(environ.get("QUERY_STRING", ""))
        account_filter = (query.get("account") or [None])[0]
        if path == "/_preflight/scenario" and method == "GET":
            with self.lock:
                return reply(200, self.scenario_of(account_filter))
        if path == "/_preflight/scenario" and method in ("POST", "PUT"):
            try:
                validate_scenario(payload)
            except ScenarioError as exc:
                return reply(400, {"error": str(exc)})
            update = copy.deepcopy(payload)
            account = update.pop("account", None)
            with self.lock:
                if account is None:
                    target = self.scenario
                else:
                    target = self.account_scenarios.setdefault(
                        str(account), copy.deepcopy(DEFAULT_SCENARIO)
                    )
                target.update(update)
                return reply(200, target)
        if path == "/_preflight/reset" and method == "POST":
            from moto.moto_api._internal.models import moto_api_backend

            with self.lock:
                self.scenario = copy.deepcopy(DEFAULT_SCENARIO)
                self.account_scenarios.clear()
                self.calls.clear()
            with CLOUD_CONTROL_LOCK:
                CLOUD_CONTROL_STORE.clear()
            moto_api_backend.reset()
            return reply(200, {"reset": True})
        if path == "/_preflight/credentials" and method == "POST":
            account = str(payload.get("accountId", ""))
            if not re.fullmatch(r"\d{12}", account):
                return reply(400, {"error": "accountId must be 12 digits"})
            return reply(200, self.credentials_for(account))
        # Set-up in moto, unlogged: a landing zone, one sample of each type, or a stack or a
        # bucket named {"account", "region", "type", "name"}.
        makers: dict[str, Callable[[str, dict[str, str], dict[str, Any]], dict[str, Any]]] = {
            "/_preflight/landing-zone": landing_zone,
            "/_preflight/samples": lambda endpoint, credentials, spec: samples(
                endpoint, credentials, str(spec.get("region", "us-east-1")), uuid.uuid4().hex[:10],
                bool(spec.get("global"))),
            "/_preflight/named": make_named,
        }  # fmt: skip
        if path in makers and method == "POST":
            account = str(payload.get("account", "123456789012"))
            if not ACCOUNT_ID.match(account):
                return reply(400, {"error": "account must be 12 digits"})
            credentials = self.setup_credentials(account)
            endpoint = f"http://{environ.get('HTTP_HOST', '127.0.0.1')}"
            try:
                return reply(200, makers[path](endpoint, credentials, payload))
            except ScenarioError as exc:
                return reply(400, {"error": str(exc)})
        if path == "/_preflight/resources" and method == "POST":
            # {"account", "region" (or "global"), "type", "id", "properties"}: a resource of the
            # emulator's own store, which Cloud Control's ListResources lists with moto's.
            kind = str(payload.get("type", ""))
            if kind not in CLOUD_CONTROL_TYPES or not payload.get("id"):
                return reply(400, {"error": f"type must be one of {sorted(CLOUD_CONTROL_TYPES)}, with an id"})
            key = (str(payload.get("account", "123456789012")),
                   str(payload.get("region", "us-east-1")), kind)  # fmt: skip
            with CLOUD_CONTROL_LOCK:
                CLOUD_CONTROL_STORE.setdefault(key, []).append(
                    (str(payload["id"]), dict(payload.get("properties") or {}))
                )
            return reply(200, {"stored": list(key)})
        if path == "/_preflight/calls" and method == "GET":
            with self.lock:
                calls = [
                    c for c in self.calls if account_filter in (None, c["account"])
                ]
            return reply(200, calls)
        return reply(404, {"error": f"no control endpoint {method} {path}"})

    def setup_credentials(self, account: str) -> dict[str, str]:
        """Credentials of `account` for the control API's own set-up calls."""
        if account == "123456789012":
            return {"accessKeyId": "AKIAIOSFODNN7EXAMPLE", "secretAccessKey": "x",
                    "accountId": account}  # fmt: skip
        return self.credentials_for(account)

    @staticmethod
    def credentials_for(account: str) -> dict[str, str]:
        """Temporary credentials that moto attributes to `account` (STS AssumeRole)."""
        from moto.core import DEFAULT_ACCOUNT_ID
        from moto.sts.models import sts_backends

        role = sts_backends[DEFAULT_ACCOUNT_ID]["aws"].assume_role(
            region_name="us-east-1",
            role_session_name="astro-preflight-test",
            role_arn=f"arn:aws:iam::{account}:role/astro-preflight-test",
            policy="",
            duration=3600,
            external_id="",
        )
        return {
            "accessKeyId": role.access_key_id,
            "secretAccessKey": role.secret_access_key,
            "sessionToken": role.session_token,
            "accountId": account,
        }

    # ---- AWS calls ------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO", "").startswith("/_preflight/"):
            return self.control(environ, start_response)

        if environ.get("HTTP_X_PREFLIGHT_SETUP"):
            # The control API's own set-up calls (a landing zone): straight to moto, unlogged.
            return self.moto_app(environ, start_response)
        call = Call(environ)
        action = call.action
        if not action:
            return self.moto_app(environ, start_response)

        account = call.account_id
        with self.lock:
            scenario = copy.deepcopy(self.scenario_of(account))
        delays = scenario["delays"]
        delay = float(delays.get(action, delays.get("*", 0)))
        # Cloud Control waits for the type's list handler: a slow one is a slow ListResources.
        own_action = cloud_control_own_action(call)
        if own_action in delays:
            delay = float(delays[own_action])
        if delay:
            time.sleep(delay)

        outcome, handler = self.route(call, scenario)
        with self.lock:
            self.calls.append(
                {"action": action, "region": call.region, "account": account, "outcome": outcome}
            )
        return handler(environ, start_response)

    def route(self, call: Call, scenario: dict[str, Any]) -> tuple[str, Callable[..., Any]]:
        """Picks who answers the call: an injected failure, an extension, or moto."""
        action = call.action
        if denied(scenario, action, call.region):
            return "denied", lambda _e, sr: access_denied(call, sr)
        injected = injected_error(scenario, action, call.region)
        if injected == "throttle":
            return "throttled", lambda _e, sr: throttled(call, sr)
        if injected == "internal":
            return "internal-error", lambda _e, sr: internal_error(call, sr)
        if injected == "expired":
            return "expired", lambda _e, sr: expired_token(call, sr)
        if call.service in REGIONAL_SERVICES and not self.region_enabled(call.region, scenario):
            return "region-disabled", lambda _e, sr: region_disabled(call, sr)
        if action == "cloudformation:ListResources":
            return cloud_control_route(call, scenario)
        if action == "ec2:DescribeRegions":
            return "emulator", lambda _e, sr: self.describe_regions(call, scenario, sr)
        if action == "account:GetRegionOptStatus":
            return "emulator", lambda _e, sr: self.get_region_opt_status(call, scenario, sr)
        if action == "iam:SimulatePrincipalPolicy":
            return "emulator", lambda _e, sr: simulate_principal_policy(call, sr)
        if action == "iam:SetSecurityTokenServicePreferences":
            return "emulator", lambda _e, sr: set_sts_preferences(call, sr)
        if action == "cloudwatch:DescribeAlarms" and call.cbor:
            return "emulator", lambda _e, sr: describe_alarms_cbor(call, sr)
        if action in (
            "servicequotas:GetServiceQuota",
            "servicequotas:GetAWSDefaultServiceQuota",
        ) and call.json.get("ServiceCode") == "ec2":
            return "emulator", lambda _e, sr: self.ec2_quota(call, scenario, sr)
        return "moto", self.moto_app

    # ---- regions --------------------------------------------------------------------------

    def region_enabled(self, region: str, scenario: dict[str, Any]) -> bool:
        """False for an opt-in region the account has not enabled (unknown regions pass)."""
        return self.region_status(region, scenario) in (None, "ENABLED", "ENABLED_BY_DEFAULT")

    @staticmethod
    def region_status(region: str, scenario: dict[str, Any]) -> str | None:
        """The Account API status of a region, or None when it is not a known region."""
        if region in REGIONS_BY_DEFAULT:
            return "ENABLED_BY_DEFAULT"
        if region in OPT_IN_REGIONS:
            return scenario["regions"].get(region, "DISABLED")
        return None

    def describe_regions(
        self, call: Call, scenario: dict[str, Any], start_response: StartResponse
    ) -> list[bytes]:
        all_regions = call.param("AllRegions").lower() == "true"
        names = call.list_param("RegionName")
        unknown = [name for name in names if self.region_status(name, scenario) is None]
        if unknown:
            return aws_error(call, start_response, 400, "InvalidParameterValue",
                             f"Invalid region names: {', '.join(unknown)}")  # fmt: skip
        candidates = names or (REGIONS_BY_DEFAULT + OPT_IN_REGIONS)
        items = []
        for name in sorted(candidates):
            status = self.region_status(name, scenario) or "DISABLED"
            opt_in = EC2_OPT_IN[status]
            if not all_regions and opt_in == "not-opted-in":
                continue
            items.append(
                f"<item><regionName>{name}</regionName>"
                f"<regionEndpoint>ec2.{name}.amazonaws.com</regionEndpoint>"
                f"<optInStatus>{opt_in}</optInStatus></item>"
            )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">'
            f"<requestId>{uuid.uuid4()}</requestId>"
            f"<regionInfo>{''.join(items)}</regionInfo></DescribeRegionsResponse>"
        )
        return respond(start_response, 200, body, "text/xml")

    def get_region_opt_status(
        self, call: Call, scenario: dict[str, Any], start_response: StartResponse
    ) -> list[bytes]:
        region = str(call.json.get("RegionName", ""))
        status = self.region_status(region, scenario)
        if status is None:
            return aws_error(call, start_response, 400, "ValidationException",
                             f"Invalid region name: {region}")  # fmt: skip
        body = json.dumps({"RegionName": region, "RegionOptStatus": status})
        return respond(start_response, 200, body, "application/json")

    # ---- service quotas -------------------------------------------------------------------

    def ec2_quota(
        self, call: Call, scenario: dict[str, Any], start_response: StartResponse
    ) -> list[bytes]:
        code = str(call.json.get("QuotaCode", ""))
        applied = call.operation == "GetServiceQuota"
        table = scenario["quotas"] if applied else scenario["defaultQuotas"]
        value = table.get(code)
        if code not in QUOTA_NAMES or value is None:
            return aws_error(call, start_response, 400, "NoSuchResourceException",
                             f"The request failed because the specified service quota "
                             f"{code} does not exist.")  # fmt: skip
        account = call.account_id if applied else ""
        quota = {
            "ServiceCode": "ec2",
            "ServiceName": "Amazon Elastic Compute Cloud (Amazon EC2)",
            "QuotaArn": f"arn:aws:servicequotas:{call.region}:{account}:ec2/{code}",
            "QuotaCode": code,
            "QuotaName": QUOTA_NAMES[code],
            "Value": float(value),
            "Unit": "None",
            "Adjustable": True,
            "GlobalQuota": False,
        }
        body = json.dumps({"Quota": quota})
        return respond(start_response, 200, body, "application/x-amz-json-1.1")


# ---- IAM: policy simulation, STS preferences --------------------------------------------------


def iam_xml(operation: str, result: str) -> str:
    return (
        f'<{operation}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/">'
        f"<{operation}Result>{result}</{operation}Result>"
        f"<ResponseMetadata><RequestId>{uuid.uuid4()}</RequestId></ResponseMetadata>"
        f"</{operation}Response>"
    )


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def action_matches(pattern: str, action: str) -> bool:
    """IAM's action wildcards (``*``, ``?``), case-insensitive."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, action, re.IGNORECASE) is not None


def evaluate(documents: list[str], action: str) -> str:
    """``allowed``, ``explicitDeny`` or ``implicitDeny`` of an action under policy documents
    (JSON, or URL-encoded JSON): any resource, conditions ignored, Deny winning."""
    from urllib.parse import unquote

    allowed = False
    for document in documents:
        try:
            policy = json.loads(document)
        except ValueError:
            try:
                policy = json.loads(unquote(document))
            except ValueError:
                continue
        for statement in as_list(policy.get("Statement")):
            if not isinstance(statement, dict):
                continue
            if "Action" in statement:
                hit = any(action_matches(a, action) for a in as_list(statement["Action"]))
            else:
                hit = not any(action_matches(a, action) for a in as_list(statement.get("NotAction")))
            if not hit:
                continue
            if statement.get("Effect") == "Deny":
                return "explicitDeny"
            if statement.get("Effect") == "Allow":
                allowed = True
    return "allowed" if allowed else "implicitDeny"


def managed_document(policy: Any) -> str:
    for version in getattr(policy, "versions", []):
        if getattr(version, "is_default", False):
            return version.document
    return getattr(policy, "document", "") or ""


def simulate_principal_policy(call: Call, start_response: StartResponse) -> list[bytes]:
    from moto.iam.models import iam_backends

    backend = iam_backends[call.account_id]["aws"]
    arn = call.param("PolicySourceArn")
    name = arn.rsplit("/", 1)[-1]
    role = next((r for r in backend.roles.values() if r.arn == arn), None)
    if role is None:
        return aws_error(call, start_response, 404, "NoSuchEntity",
                         f"The role with name {name} cannot be found.")  # fmt: skip
    documents = [managed_document(p) for p in role.managed_policies.values()]
    documents += list(role.policies.values())
    boundary = None
    if role.permissions_boundary_arn:
        policy = backend.managed_policies.get(role.permissions_boundary_arn)
        boundary = managed_document(policy) if policy is not None else ""
    members = []
    for action in call.list_param("ActionNames.member"):
        decision = evaluate(documents, action)
        if decision == "allowed" and boundary is not None:
            decision = evaluate([boundary], action)
        members.append(
            f"<member><EvalActionName>{xml_escape(action)}</EvalActionName>"
            "<EvalResourceName>*</EvalResourceName>"
            f"<EvalDecision>{decision}</EvalDecision>"
            "<MatchedStatements/><MissingContextValues/></member>"
        )
    body = iam_xml(
        "SimulatePrincipalPolicy",
        f"<IsTruncated>false</IsTruncated><EvaluationResults>{''.join(members)}</EvaluationResults>",
    )
    return respond(start_response, 200, body, "text/xml")


def set_sts_preferences(call: Call, start_response: StartResponse) -> list[bytes]:
    from moto.iam.models import iam_backends

    version = call.param("GlobalEndpointTokenVersion")
    if version not in ("v1Token", "v2Token"):
        return aws_error(call, start_response, 400, "ValidationError",
                         "GlobalEndpointTokenVersion must be v1Token or v2Token")  # fmt: skip
    summary = iam_backends[call.account_id]["aws"].account_summary
    summary._global_endpoint_token_version = 2 if version == "v2Token" else 1
    return respond(start_response, 200, iam_xml("SetSecurityTokenServicePreferences", ""), "text/xml")


def describe_alarms_cbor(call: Call, start_response: StartResponse) -> list[bytes]:
    from moto.cloudwatch.models import cloudwatch_backends

    try:
        cbor_decode(call.body)
    except (ValueError, UnicodeDecodeError) as exc:
        return aws_error(call, start_response, 400, "SerializationException", str(exc))
    alarms = cloudwatch_backends[call.account_id][call.region].alarms.values()
    metric_alarms = []
    for alarm in alarms:
        entry: dict[str, Any] = {
            "AlarmName": alarm.name,
            "AlarmArn": alarm.alarm_arn,
            "ActionsEnabled": bool(alarm.actions_enabled),
            "AlarmActions": list(alarm.alarm_actions or []),
            "StateValue": alarm.state_value,
        }
        if alarm.metric_name:
            entry["MetricName"] = alarm.metric_name
        if alarm.namespace:
            entry["Namespace"] = alarm.namespace
        metric_alarms.append(entry)
    body = cbor_encode({"MetricAlarms": metric_alarms, "CompositeAlarms": []})
    return respond_bytes(start_response, 200, body, "application/cbor",
                         [("smithy-protocol", "rpc-v2-cbor")])  # fmt: skip


def warm_up(app: PreflightEmulator) -> None:
    """Makes one call of each service in-process, so that the first real call does not pay for
    moto's imports and backend set-up (about a second for EC2), then forgets those calls."""
    from werkzeug.test import Client

    client = Client(app)
    form = "application/x-www-form-urlencoded; charset=utf-8"
    calls = [
        ("ec2", "POST", "/", "Action=DescribeInstanceTypes&Version=2016-11-15&InstanceType.1=m5.xlarge", form, {}),
        ("ec2", "POST", "/", "Action=DescribeVpcs&Version=2016-11-15", form, {}),
        ("sts", "POST", "/", "Action=GetCallerIdentity&Version=2011-06-15", form, {}),
        ("servicequotas", "POST", "/", '{"ServiceCode": "vpc", "QuotaCode": "L-F678F1CE"}',
         "application/x-amz-json-1.1", {"X-Amz-Target": "ServiceQuotasV20190624.GetServiceQuota"}),
        # The whole-account inventory.
        ("rds", "POST", "/", "Action=DescribeDBInstances&Version=2014-10-31", form, {}),
        ("elasticloadbalancing", "POST", "/", "Action=DescribeLoadBalancers&Version=2015-12-01", form, {}),
        ("elasticloadbalancing", "POST", "/", "Action=DescribeLoadBalancers&Version=2012-06-01", form, {}),
        ("cloudformation", "POST", "/", "Action=ListStacks&Version=2010-05-15", form, {}),
        ("iam", "POST", "/", "Action=ListRoles&Version=2010-05-08", form, {}),
        ("s3", "GET", "/", "", "", {}),
        ("eks", "GET", "/clusters", "", "", {}),
        ("lambda", "GET", "/2015-03-31/functions/", "", "", {}),
    ]  # fmt: skip
    for service, method, path, body, content_type, headers in calls:
        headers = {
            "Authorization": "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20200101/"
            f"us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=0",
            "Host": "127.0.0.1",
            **headers,
        }
        if content_type:
            headers["Content-Type"] = content_type
        try:
            client.open(path, method=method, data=body, headers=headers)
        except Exception as exc:  # noqa: BLE001 - a warm-up failure only costs time later
            sys.stderr.write(f"astro-preflight emulator: warm-up of {service} failed: {exc}\n")
    with app.lock:
        app.calls.clear()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to bind (default 0: any free)")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    parser.add_argument(
        "--exit-on-eof",
        action="store_true",
        help="stop when standard input reaches end of file (when the parent process is gone)",
    )
    parser.add_argument(
        "--no-warm-up",
        action="store_true",
        help="report ready at once, without first loading moto's EC2, STS and quota backends",
    )
    args = parser.parse_args(argv)

    if not args.verbose:
        import logging

        logging.getLogger("werkzeug").setLevel(logging.ERROR)

    app = PreflightEmulator(DomainDispatcherApplication(create_backend_app))
    if not args.no_warm_up:
        warm_up(app)
    server = make_server(args.host, args.port, app, threaded=True)

    def stop(_signum: int, _frame: Any) -> None:
        # shutdown() waits for serve_forever() to return, so it must run on another thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    if args.exit_on_eof:

        def watch_stdin() -> None:
            while sys.stdin.buffer.read(4096):
                pass
            server.shutdown()

        threading.Thread(target=watch_stdin, daemon=True).start()

    # The socket is bound and listening: connections queue until serve_forever() accepts them.
    print(server.server_port, flush=True)
    sys.stderr.write(f"astro-preflight emulator on http://{args.host}:{server.server_port}\n")
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
