//! TLS: rustls with the platform's root certificates (rustls-native-certs) plus `--cacert`,
//! and a verifier that remembers the certificate it refused, so that a failure can name its
//! issuer and fingerprint (how a TLS-inspecting proxy shows itself).

use std::sync::{Arc, Mutex};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use sha2::{Digest, Sha256};

use crate::{CaFile, SetupError};

/// What every connection shares: the trusted roots, the crypto provider.
#[derive(Debug, Clone)]
pub(crate) struct Setup {
    provider: Arc<CryptoProvider>,
    verifier: Arc<WebPkiServerVerifier>,
}

/// Loads the system's roots and the `--cacert` files.
pub(crate) fn client_config(cacerts: &[CaFile]) -> Result<Setup, SetupError> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut roots = RootCertStore::empty();
    // The platform's store; certificates it cannot parse are skipped, as browsers do.
    let native = rustls_native_certs::load_native_certs();
    let (_added, _ignored) = roots.add_parsable_certificates(native.certs);
    for file in cacerts {
        let shown = &file.name;
        let certs = CertificateDer::pem_slice_iter(&file.pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| SetupError(format!("the CA file {shown} is not PEM certificates: {e}")))?;
        if certs.is_empty() {
            return Err(SetupError(format!(
                "the CA file {shown} holds no PEM certificate"
            )));
        }
        for cert in certs {
            roots.add(cert).map_err(|e| {
                SetupError(format!(
                    "the CA file {shown} holds a certificate that cannot be a trust anchor: {e}"
                ))
            })?;
        }
    }
    if roots.is_empty() {
        return Err(SetupError(
            "no trusted root certificate: the system store is empty or unreadable; give one with --cacert".to_owned(),
        ));
    }
    let verifier =
        WebPkiServerVerifier::builder_with_provider(Arc::new(roots), Arc::clone(&provider))
            .build()
            .map_err(|e| SetupError(format!("cannot build the certificate verifier: {e}")))?;
    Ok(Setup { provider, verifier })
}

impl Setup {
    /// A client configuration for one connection, and where its verifier leaves the
    /// certificate it refused.
    pub(crate) fn connection(&self) -> Result<(Arc<ClientConfig>, Refused), String> {
        let refused = Arc::new(Mutex::new(None));
        let verifier = Recording {
            inner: Arc::clone(&self.verifier),
            refused: Arc::clone(&refused),
        };
        let mut config = ClientConfig::builder_with_provider(Arc::clone(&self.provider))
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok((Arc::new(config), refused))
    }
}

/// Where a connection's verifier leaves the certificate it refused.
pub(crate) type Refused = Arc<Mutex<Option<CertificateDer<'static>>>>;

/// The WebPKI verifier, unchanged, except that it keeps the end-entity certificate it refuses.
#[derive(Debug)]
struct Recording {
    inner: Arc<WebPkiServerVerifier>,
    refused: Refused,
}

impl ServerCertVerifier for Recording {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verdict = self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        if verdict.is_err() {
            *self.refused.lock().unwrap_or_else(|e| e.into_inner()) =
                Some(end_entity.clone().into_owned());
        }
        verdict
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// A presented certificate, as a failure names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presented {
    /// RFC 4514 form, e.g. `CN=Corp Inspection CA,O=Corp`; `None` when it does not parse.
    pub issuer: Option<String>,
    pub subject: Option<String>,
    /// Uppercase hex pairs separated by colons, as browsers show it.
    pub sha256: String,
}

/// Issuer, subject and SHA-256 fingerprint of a DER certificate.
pub fn describe(der: &[u8]) -> Presented {
    use x509_cert::der::Decode;
    let parsed = x509_cert::Certificate::from_der(der).ok();
    let digest = Sha256::digest(der);
    let sha256 = digest
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":");
    Presented {
        issuer: parsed
            .as_ref()
            .map(|c| c.tbs_certificate.issuer.to_string()),
        subject: parsed
            .as_ref()
            .map(|c| c.tbs_certificate.subject.to_string()),
        sha256,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_of_bytes_that_are_no_certificate() {
        let p = describe(b"not a certificate");
        assert_eq!(p.issuer, None);
        assert_eq!(p.sha256.len(), 32 * 3 - 1);
        assert!(p.sha256.chars().all(|c| c.is_ascii_hexdigit() || c == ':'));
    }
}
