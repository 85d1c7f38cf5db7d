//! `astro-preflight server`: a language server over stdio (lsp-server's connection and
//! lsp-types' protocol types).
//!
//! Every open manifest (a YAML document with a top-level `install:` key) is checked by the same
//! engine as `check`, with the configuration discovered from its directory; changes are
//! re-checked after a short quiet period (debounce); closing clears its diagnostics. Fixes and
//! suppression comments are quick fixes; hover shows the field's schema description or, on a
//! flagged value, the rule's documentation; completion offers the values of the data tables.
//! The online rules run only against a facts file named in the client's settings
//! (`factsFile`): the server never calls AWS.

mod analysis;
mod features;
pub mod text;
pub mod transport;

use std::collections::HashMap;
use std::error::Error;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use astro_preflight_linter::pipeline::Pipeline;
use astro_preflight_linter::sanitize;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::notification::{self as n, Notification as _};
use lsp_types::request::{self as r, Request as _};

use crate::analysis::{Analysis, ClientSettings, analyze, is_manifest};
use crate::text::{Encoding, Lines};

/// How long a document must be left alone after a change before it is re-checked.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

type Result<T> = std::result::Result<T, Box<dyn Error + Send + Sync>>;

/// Serves one client over stdin and stdout until it exits. `Ok(true)` when the client asked
/// for a shutdown first (exit status 0), `Ok(false)` when it exited or went away without one (1).
pub fn run_stdio() -> Result<bool> {
    let (connection, io_threads) = transport::stdio();
    let clean = serve(&connection)?;
    drop(connection);
    // What was to be said is written before the process ends.
    io_threads.join();
    Ok(clean)
}

/// Waits for the client's `initialize` request: other requests are answered "not
/// initialized", notifications dropped, a request whose parameters are not
/// `InitializeParams` answered with an error. `None`: the client went away or exited.
fn initialize(connection: &Connection) -> Result<Option<(RequestId, lsp::InitializeParams)>> {
    loop {
        let Ok(message) = connection.receiver.recv() else {
            return Ok(None);
        };
        match message {
            Message::Request(request) if request.method == r::Initialize::METHOD => {
                match serde_json::from_value(request.params) {
                    Ok(params) => return Ok(Some((request.id, params))),
                    Err(e) => connection.sender.send(
                        Response::new_err(
                            request.id,
                            ErrorCode::InvalidParams as i32,
                            sanitize::message(&format!("astro-preflight: initialize: {e}")),
                        )
                        .into(),
                    )?,
                }
            }
            Message::Request(request) => connection.sender.send(
                Response::new_err(
                    request.id,
                    ErrorCode::ServerNotInitialized as i32,
                    "astro-preflight: the server is not initialized yet".to_owned(),
                )
                .into(),
            )?,
            Message::Notification(n) if n.method == n::Exit::METHOD => return Ok(None),
            Message::Notification(_) | Message::Response(_) => {}
        }
    }
}

/// Serves one client over a connection: the initialize handshake, then messages until
/// shutdown and exit.
pub fn serve(connection: &Connection) -> Result<bool> {
    let Some((id, init)) = initialize(connection)? else {
        return Ok(false);
    };
    let encoding = Encoding::negotiate(
        init.capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let capabilities = lsp::ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec![":".to_owned(), " ".to_owned()]),
            ..Default::default()
        }),
        ..Default::default()
    };
    let result = lsp::InitializeResult {
        capabilities,
        server_info: Some(lsp::ServerInfo {
            name: "astro-preflight".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    // The `initialized` notification that follows is one more notification to the main loop.
    connection
        .sender
        .send(Response::new_ok(id, serde_json::to_value(result)?).into())?;

    let mut server = Server {
        connection,
        encoding,
        docs: HashMap::new(),
        shutdown: false,
        pipeline: analysis::pipeline(&ClientSettings::default()).0,
    };
    if let Some(options) = &init.initialization_options {
        server.configure(options);
    }
    server.main_loop()
}

struct Doc {
    text: String,
    version: i32,
    path: Option<PathBuf>,
    /// When a change waits to be checked.
    due: Option<Instant>,
    /// The check of `text`, when it is current.
    analysis: Option<Analysis>,
}

struct Server<'c> {
    connection: &'c Connection,
    encoding: Encoding,
    docs: HashMap<lsp::Uri, Doc>,
    /// Configuration and facts, as `check` finds them.
    pipeline: Pipeline,
    /// A shutdown request was answered: only `exit` is expected now.
    shutdown: bool,
}

/// The file path of a `file:` URI.
fn file_path(uri: &lsp::Uri) -> Option<PathBuf> {
    if !uri
        .scheme()
        .is_some_and(|s| s.as_str().eq_ignore_ascii_case("file"))
    {
        return None;
    }
    let decoded = uri.path().as_estr().decode().into_string().ok()?;
    Some(PathBuf::from(decoded.into_owned()))
}

impl Server<'_> {
    fn main_loop(&mut self) -> Result<bool> {
        loop {
            let due = self.docs.values().filter_map(|d| d.due).min();
            let message = match due {
                Some(due) => match self
                    .connection
                    .receiver
                    .recv_timeout(due.saturating_duration_since(Instant::now()))
                {
                    Ok(message) => Some(message),
                    Err(e) if e.is_timeout() => None,
                    Err(_) => return Ok(self.shutdown),
                },
                None => match self.connection.receiver.recv() {
                    Ok(message) => Some(message),
                    Err(_) => return Ok(self.shutdown),
                },
            };
            match message {
                Some(Message::Request(request)) => {
                    if request.method == r::Initialize::METHOD {
                        let message = "astro-preflight: the server is already initialized";
                        self.send(
                            Response::new_err(
                                request.id,
                                ErrorCode::InvalidRequest as i32,
                                message.to_owned(),
                            )
                            .into(),
                        )?;
                        continue;
                    }
                    if request.method == r::Shutdown::METHOD {
                        self.shutdown = true;
                        self.respond(request.id, ())?;
                        continue;
                    }
                    if self.shutdown {
                        let message = "the server is shutting down".to_owned();
                        self.send(
                            Response::new_err(
                                request.id,
                                ErrorCode::InvalidRequest as i32,
                                message,
                            )
                            .into(),
                        )?;
                        continue;
                    }
                    let id = request.id.clone();
                    if let Err(e) = self.request(request) {
                        let message = sanitize::message(&format!("astro-preflight: {e}"));
                        self.send(
                            Response::new_err(id, ErrorCode::InvalidParams as i32, message).into(),
                        )?;
                    }
                }
                Some(Message::Notification(notification)) => {
                    if notification.method == n::Exit::METHOD {
                        return Ok(self.shutdown);
                    }
                    let method = notification.method.clone();
                    if let Err(e) = self.notification(notification) {
                        let params = lsp::LogMessageParams {
                            typ: lsp::MessageType::ERROR,
                            message: sanitize::message(&format!("astro-preflight: {method}: {e}")),
                        };
                        self.send(
                            Notification::new(n::LogMessage::METHOD.to_owned(), params).into(),
                        )?;
                    }
                }
                Some(Message::Response(_)) | None => {}
            }
            self.check_due()?;
        }
    }

    fn configure(&mut self, settings: &serde_json::Value) {
        let (pipeline, error) = analysis::pipeline(&ClientSettings::from_json(settings));
        self.pipeline = pipeline;
        if let Some(message) = error {
            self.show(
                lsp::MessageType::WARNING,
                &format!("astro-preflight: {message}; the online rules do not run"),
            );
        }
    }

    fn show(&self, typ: lsp::MessageType, message: &str) {
        let params = lsp::ShowMessageParams {
            typ,
            message: sanitize::message(message),
        };
        let _ = self.send(Notification::new(n::ShowMessage::METHOD.to_owned(), params).into());
    }

    fn send(&self, message: Message) -> Result<()> {
        self.connection.sender.send(message)?;
        Ok(())
    }

    fn notification(&mut self, notification: Notification) -> Result<()> {
        match notification.method.as_str() {
            n::DidOpenTextDocument::METHOD => {
                let p: lsp::DidOpenTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                let uri = p.text_document.uri;
                let path = file_path(&uri);
                self.docs.insert(
                    uri.clone(),
                    Doc {
                        text: p.text_document.text,
                        version: p.text_document.version,
                        path,
                        due: None,
                        analysis: None,
                    },
                );
                self.check_now(&uri)?;
            }
            n::DidChangeTextDocument::METHOD => {
                let p: lsp::DidChangeTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                let encoding = self.encoding;
                if let Some(doc) = self.docs.get_mut(&p.text_document.uri) {
                    for change in p.content_changes {
                        match change.range {
                            Some(range) => {
                                let lines = Lines::new(&doc.text, encoding);
                                let start = lines.offset(&doc.text, range.start);
                                let end = lines.offset(&doc.text, range.end).max(start);
                                doc.text.replace_range(start..end, &change.text);
                            }
                            None => doc.text = change.text,
                        }
                    }
                    doc.version = p.text_document.version;
                    doc.analysis = None;
                    doc.due = Some(Instant::now() + DEBOUNCE);
                }
            }
            n::DidSaveTextDocument::METHOD => {
                // A saved astro-preflight.toml may change any document's settings.
                self.recheck_all()?;
            }
            n::DidCloseTextDocument::METHOD => {
                let p: lsp::DidCloseTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                self.docs.remove(&p.text_document.uri);
                self.publish(p.text_document.uri, Vec::new(), None)?;
            }
            n::DidChangeConfiguration::METHOD => {
                let p: lsp::DidChangeConfigurationParams =
                    serde_json::from_value(notification.params)?;
                self.configure(&p.settings);
                self.recheck_all()?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Re-checks every open document (settings or configuration changed).
    fn recheck_all(&mut self) -> Result<()> {
        let uris: Vec<lsp::Uri> = self.docs.keys().cloned().collect();
        for uri in uris {
            if let Some(doc) = self.docs.get_mut(&uri) {
                doc.analysis = None;
            }
            self.check_now(&uri)?;
        }
        Ok(())
    }

    fn check_due(&mut self) -> Result<()> {
        let now = Instant::now();
        let due: Vec<lsp::Uri> = self
            .docs
            .iter()
            .filter(|(_, d)| d.due.is_some_and(|t| t <= now))
            .map(|(u, _)| u.clone())
            .collect();
        for uri in due {
            self.check_now(&uri)?;
        }
        Ok(())
    }

    /// Checks a document now and publishes its diagnostics.
    fn check_now(&mut self, uri: &lsp::Uri) -> Result<()> {
        if let Some(doc) = self.docs.get_mut(uri) {
            doc.due = None;
        }
        self.refresh(uri);
        let Some(doc) = self.docs.get(uri) else {
            return Ok(());
        };
        let diagnostics = match &doc.analysis {
            Some(analysis) => {
                let lines = Lines::new(&doc.text, self.encoding);
                analysis
                    .result
                    .diagnostics
                    .iter()
                    .map(|d| features::to_lsp(uri, &doc.text, &lines, d))
                    .collect()
            }
            None => Vec::new(),
        };
        let version = doc.version;
        self.publish(uri.clone(), diagnostics, Some(version))
    }

    /// Makes a document's analysis current (none for a text that is not a manifest).
    fn refresh(&mut self, uri: &lsp::Uri) {
        let mut config_error = None;
        // A pending publication (`due`) stays pending: a request answered from a fresh
        // analysis does not publish, the debounce timer still does.
        if let Some(doc) = self.docs.get_mut(uri)
            && doc.analysis.is_none()
            && is_manifest(&doc.text)
        {
            let (analysis, error) = analyze(&self.pipeline, &doc.text, doc.path.as_deref());
            doc.analysis = Some(analysis);
            config_error = error;
        }
        if let Some(message) = config_error {
            self.show(
                lsp::MessageType::WARNING,
                &format!("astro-preflight: {message}; using the defaults"),
            );
        }
    }

    fn publish(
        &self,
        uri: lsp::Uri,
        diagnostics: Vec<lsp::Diagnostic>,
        version: Option<i32>,
    ) -> Result<()> {
        let params = lsp::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(n::PublishDiagnostics::METHOD.to_owned(), params).into())
    }

    fn respond(&self, id: RequestId, result: impl serde::Serialize) -> Result<()> {
        self.send(Response::new_ok(id, result).into())
    }

    fn request(&mut self, request: Request) -> Result<()> {
        let Request { id, method, params } = request;
        match method.as_str() {
            r::CodeActionRequest::METHOD => {
                let p: lsp::CodeActionParams = serde_json::from_value(params)?;
                let uri = p.text_document.uri;
                self.refresh(&uri);
                let actions = self.with_doc(&uri, |doc, lines, analysis| {
                    features::code_actions(&uri, &doc.text, lines, analysis, &p.range)
                });
                self.respond(id, actions.unwrap_or_default())
            }
            r::HoverRequest::METHOD => {
                let p: lsp::HoverParams = serde_json::from_value(params)?;
                let uri = p.text_document_position_params.text_document.uri;
                let position = p.text_document_position_params.position;
                self.refresh(&uri);
                let hover = self
                    .with_doc(&uri, |doc, lines, analysis| {
                        features::hover(
                            &doc.text,
                            lines,
                            analysis,
                            lines.offset(&doc.text, position),
                        )
                    })
                    .flatten();
                self.respond(id, hover)
            }
            r::Completion::METHOD => {
                let p: lsp::CompletionParams = serde_json::from_value(params)?;
                let uri = p.text_document_position.text_document.uri;
                let position = p.text_document_position.position;
                self.refresh(&uri);
                let items = self.docs.get(&uri).map(|doc| {
                    let lines = Lines::new(&doc.text, self.encoding);
                    let offset = lines.offset(&doc.text, position);
                    features::completion(&doc.text, &lines, doc.analysis.as_ref(), offset)
                });
                self.respond(
                    id,
                    lsp::CompletionResponse::Array(items.unwrap_or_default()),
                )
            }
            _ => self.send(
                Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("astro-preflight does not handle {method}"),
                )
                .into(),
            ),
        }
    }

    /// Runs `f` on a document's current analysis, if it is a manifest.
    fn with_doc<T>(
        &self,
        uri: &lsp::Uri,
        f: impl FnOnce(&Doc, &Lines, &Analysis) -> T,
    ) -> Option<T> {
        let doc = self.docs.get(uri)?;
        let analysis = doc.analysis.as_ref()?;
        let lines = Lines::new(&doc.text, self.encoding);
        Some(f(doc, &lines, analysis))
    }
}
