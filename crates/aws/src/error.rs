//! How a failed AWS call becomes a [`FactError`]: its class ([`FactErrorKind`]) and a message
//! that names the service's error code and never carries credentials.

use std::error::Error as StdError;
use std::fmt::Debug;
use std::time::Duration;

use astro_preflight_facts::{FactError, FactErrorKind};
use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_sts::error::{ProvideErrorMetadata, SdkError};

/// Why one call did not return a value.
///
/// `E` is the operation's error type and `R` the raw response type; every AWS SDK crate uses
/// the same `SdkError`, so one implementation serves every service.
#[derive(Debug)]
pub(crate) enum CallError<E, R> {
    /// The SDK returned an error (after its own retries).
    Sdk(SdkError<E, R>),
    /// The call took longer than the per-call timeout.
    CallTimeout(Duration),
    /// The whole gathering ran out of time before the call ended (or before it started).
    OutOfTime(Duration),
}

impl<E, R> CallError<E, R>
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
    R: Debug + 'static,
{
    /// The service's error code (`InvalidVpcID.NotFound`, `NoSuchResourceException`...), when
    /// the service answered with an error.
    pub(crate) fn code(&self) -> Option<&str> {
        match self {
            CallError::Sdk(SdkError::ServiceError(err)) => err.err().code(),
            _ => None,
        }
    }

    /// The error as recorded in the facts, for the IAM action `action`.
    pub(crate) fn into_fact_error(self, action: &str) -> FactError {
        let (kind, message) = match &self {
            CallError::CallTimeout(limit) => (
                FactErrorKind::Timeout,
                format!("no answer within the call timeout ({})", seconds(*limit)),
            ),
            CallError::OutOfTime(limit) => (
                FactErrorKind::Timeout,
                format!(
                    "the gathering ran out of time (total timeout {})",
                    seconds(*limit)
                ),
            ),
            CallError::Sdk(err) => classify(err),
        };
        FactError {
            action: action.to_owned(),
            kind,
            message: redact(&message),
        }
    }
}

/// A duration for messages: `2 s`, `1.5 s`.
pub(crate) fn seconds(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs.fract() == 0.0 {
        format!("{secs:.0} s")
    } else {
        format!("{secs} s")
    }
}

/// The class and message of an SDK error.
fn classify<E, R>(err: &SdkError<E, R>) -> (FactErrorKind, String)
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
    R: Debug + 'static,
{
    // Credential provider failures surface as dispatch (or construction) failures whose
    // source chain holds a `CredentialsError`: look for it first, whatever the variant.
    if let Some(creds) = credentials_error(err) {
        return (
            FactErrorKind::Credentials,
            format!("no usable AWS credentials: {}", describe_chain(creds)),
        );
    }
    match err {
        SdkError::ServiceError(service) => {
            let inner = service.err();
            match inner.code() {
                Some(code) => {
                    let message = inner.message().unwrap_or("no message");
                    (kind_for_code(code), format!("{code}: {message}"))
                }
                None => (
                    FactErrorKind::Service,
                    format!("service error: {}", describe_chain(inner)),
                ),
            }
        }
        SdkError::TimeoutError(_) => (FactErrorKind::Timeout, describe_chain(err)),
        SdkError::DispatchFailure(dispatch) => {
            let kind = if dispatch.is_timeout() {
                FactErrorKind::Timeout
            } else {
                FactErrorKind::Network
            };
            (kind, describe_chain(err))
        }
        SdkError::ResponseError(_) => (
            FactErrorKind::Service,
            format!("unreadable response: {}", describe_chain(err)),
        ),
        _ => (FactErrorKind::Service, describe_chain(err)),
    }
}

/// An error and its sources on one line: `dispatch failure: io error: tcp connect error:
/// Connection refused (os error 111)`. A source whose text its parent already shows is left
/// out, and line breaks become `; `.
pub(crate) fn describe_chain(err: &(dyn StdError + 'static)) -> String {
    let mut text = String::new();
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = current {
        let part = e.to_string();
        let part = part.trim();
        if !part.is_empty() && !text.contains(part) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(part);
        }
        current = e.source();
    }
    let mut one_line = String::with_capacity(text.len());
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !one_line.is_empty() {
            // "Attempted:\n  Environment: ..." reads as "Attempted: Environment: ...".
            one_line.push_str(if one_line.ends_with(':') { " " } else { "; " });
        }
        one_line.push_str(line);
    }
    one_line
}

/// The class of a service error code. The codes are those of EC2, STS, Service Quotas and the
/// Account API (and the common ones of other AWS services).
pub(crate) fn kind_for_code(code: &str) -> FactErrorKind {
    match code {
        "AccessDenied"
        | "AccessDeniedException"
        | "UnauthorizedOperation"
        | "UnauthorizedAccess" => FactErrorKind::AccessDenied,
        "Throttling"
        | "ThrottlingException"
        | "ThrottledException"
        | "RequestLimitExceeded"
        | "RequestThrottled"
        | "RequestThrottledException"
        | "TooManyRequestsException"
        | "SlowDown" => FactErrorKind::Throttled,
        "RequestTimeout" | "RequestTimeoutException" => FactErrorKind::Timeout,
        // The credentials were found but AWS refuses them.
        "AuthFailure"
        | "InvalidClientTokenId"
        | "UnrecognizedClientException"
        | "SignatureDoesNotMatch"
        | "IncompleteSignature"
        | "MissingAuthenticationToken"
        | "InvalidAccessKeyId"
        | "ExpiredToken"
        | "ExpiredTokenException"
        | "RequestExpired"
        // The clock is off by more than 5 minutes: the signature is refused.
        | "RequestTimeTooSkewed"
        | "InvalidSignatureException" => FactErrorKind::Credentials,
        _ => FactErrorKind::Service,
    }
}

/// The `CredentialsError` in the error's source chain, if any.
fn credentials_error<'a>(err: &'a (dyn StdError + 'static)) -> Option<&'a CredentialsError> {
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(creds) = e.downcast_ref::<CredentialsError>() {
            return Some(creds);
        }
        current = e.source();
    }
    None
}

/// Removes anything that looks like a credential from a message: access key IDs, and the
/// values of signature, credential scope and session token parameters. AWS error messages do
/// not carry secrets, but transport errors may quote a request; this is the last line of
/// defence before a message is written to a facts file or a report.
pub(crate) fn redact(message: &str) -> String {
    const MARKERS: &[&str] = &[
        "signature=",
        "credential=",
        "x-amz-security-token=",
        "x-amz-security-token:",
        "x-amz-credential=",
        "x-amz-signature=",
        "aws_secret_access_key",
        "aws_session_token",
        "sessiontoken",
        "secretaccesskey",
    ];
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    'outer: while !rest.is_empty() {
        let lower = rest.to_ascii_lowercase();
        // Earliest marker in what is left.
        let mut first: Option<(usize, usize)> = None;
        for marker in MARKERS {
            if let Some(at) = lower.find(marker)
                && first.is_none_or(|(best, _)| at < best)
            {
                first = Some((at, marker.len()));
            }
        }
        let Some((at, len)) = first else {
            out.push_str(&redact_access_keys(rest));
            break 'outer;
        };
        out.push_str(&redact_access_keys(&rest[..at + len]));
        let value = &rest[at + len..];
        // Skip separators between the marker and its value (`=`, `:`, quotes, spaces).
        let value_start = value
            .find(|c: char| !matches!(c, '=' | ':' | '"' | '\'' | ' '))
            .unwrap_or(value.len());
        out.push_str(&value[..value_start]);
        let value = &value[value_start..];
        let end = value
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | '&' | '"' | '\'' | ';' | ')'))
            .unwrap_or(value.len());
        if end > 0 {
            out.push_str("<redacted>");
        }
        rest = &value[end..];
    }
    out
}

/// Replaces AWS access key IDs (`AKIA`/`ASIA` and 16 more upper-case letters or digits).
fn redact_access_keys(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i + 20 <= bytes.len() {
        let starts_word = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let candidate = &bytes[i..i + 20];
        let ends_word = i + 20 == bytes.len() || !bytes[i + 20].is_ascii_alphanumeric();
        if starts_word
            && ends_word
            && (candidate.starts_with(b"AKIA") || candidate.starts_with(b"ASIA"))
            && candidate
                .iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            out.push_str(&text[copied..i]);
            out.push_str("<access key id>");
            i += 20;
            copied = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_classified() {
        assert_eq!(
            kind_for_code("UnauthorizedOperation"),
            FactErrorKind::AccessDenied
        );
        assert_eq!(kind_for_code("AccessDenied"), FactErrorKind::AccessDenied);
        assert_eq!(
            kind_for_code("AccessDeniedException"),
            FactErrorKind::AccessDenied
        );
        assert_eq!(kind_for_code("Throttling"), FactErrorKind::Throttled);
        assert_eq!(
            kind_for_code("RequestLimitExceeded"),
            FactErrorKind::Throttled
        );
        assert_eq!(
            kind_for_code("TooManyRequestsException"),
            FactErrorKind::Throttled
        );
        assert_eq!(
            kind_for_code("InvalidClientTokenId"),
            FactErrorKind::Credentials
        );
        assert_eq!(kind_for_code("ExpiredToken"), FactErrorKind::Credentials);
        assert_eq!(
            kind_for_code("RequestTimeTooSkewed"),
            FactErrorKind::Credentials
        );
        assert_eq!(kind_for_code("InternalError"), FactErrorKind::Service);
    }

    #[test]
    fn access_key_ids_are_redacted() {
        assert_eq!(
            redact("key AKIAIOSFODNN7EXAMPLE is bad"),
            "key <access key id> is bad"
        );
        assert_eq!(redact("ASIARTX3GSDSWLPZPIQY"), "<access key id>");
        // Not a key: too long, or lower case.
        assert_eq!(redact("AKIAIOSFODNN7EXAMPLEX"), "AKIAIOSFODNN7EXAMPLEX");
        assert_eq!(redact("akiaiosfodnn7example"), "akiaiosfodnn7example");
    }

    #[test]
    fn signatures_and_tokens_are_redacted() {
        let header = "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/\
                      us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=abcdef0123";
        let redacted = redact(header);
        assert!(!redacted.contains("AKIAIOSFODNN7EXAMPLE"), "{redacted}");
        assert!(!redacted.contains("abcdef0123"), "{redacted}");
        assert!(redacted.contains("SignedHeaders=host"), "{redacted}");

        let query = "https://x/?X-Amz-Security-Token=FQoGZXIvYXdz%2Fabc&X-Amz-Date=1";
        let redacted = redact(query);
        assert!(!redacted.contains("FQoGZXIvYXdz"), "{redacted}");
        assert!(redacted.contains("X-Amz-Date=1"), "{redacted}");

        assert_eq!(
            redact("SessionToken: \"abc\""),
            "SessionToken: \"<redacted>\""
        );
    }

    #[test]
    fn plain_messages_are_untouched() {
        let text = "UnauthorizedOperation: You are not authorized to perform this operation.";
        assert_eq!(redact(text), text);
        assert_eq!(redact(""), "");
    }

    #[test]
    fn error_chains_read_on_one_line() {
        #[derive(Debug)]
        struct Outer(std::io::Error);
        impl std::fmt::Display for Outer {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("dispatch failure")
            }
        }
        impl StdError for Outer {
            fn source(&self) -> Option<&(dyn StdError + 'static)> {
                Some(&self.0)
            }
        }
        let err = Outer(std::io::Error::other("no route\n  to host"));
        assert_eq!(describe_chain(&err), "dispatch failure: no route; to host");
        let err = Outer(std::io::Error::other("tried:\n  one\n  two"));
        assert_eq!(describe_chain(&err), "dispatch failure: tried: one; two");
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(seconds(Duration::from_secs(2)), "2 s");
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5 s");
    }
}
