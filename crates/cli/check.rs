//! `astro-preflight check`: inputs → the linter's pipeline (configuration, facts) → load and
//! rules (parallel; with --online, load, then facts, then rules) → one renderer.

use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

use astro_preflight_linter::pipeline::{Flags, Pipeline};
use astro_preflight_linter::{FileResult, Settings};
use astro_preflight_manifest::{Document, load, load_owned, too_large};
use rayon::prelude::*;

use crate::args::CheckArgs;
use crate::exit::{Failure, Outcome as Exit, Status};
use crate::inputs;
use crate::render;
use crate::report::{Checked, Outcome, Report};

pub fn run(args: &CheckArgs) -> Exit {
    // Every --output path is checked before any work.
    let outputs = crate::output::prepare(&args.outputs)?;
    let (mut inputs, input_errors, skipped) = inputs::collect(
        &args.paths,
        args.stdin_filename.as_deref(),
        args.only_manifests,
    );
    let flags = Flags {
        inline_ignores: !args.no_inline_ignores,
        deny_warnings: args.deny_warnings,
        selection: args.rules.selection()?,
    };
    let pipeline =
        crate::pipeline::new(args.config.clone(), flags, &args.online, args.facts.clone())?;

    let mut per_input = Vec::with_capacity(inputs.len());
    // Inputs come directory by directory: the previous input's settings usually apply.
    // (Compared as bytes, which is cheaper than by components; a directory written two ways
    // is only looked up again.)
    let mut last: Option<(&Path, Arc<Settings>)> = None;
    for input in &inputs {
        let dir = input.config_dir();
        if let Some((last_dir, s)) = &last
            && last_dir.as_os_str() == dir.as_os_str()
        {
            per_input.push(Arc::clone(s));
            continue;
        }
        let s = pipeline.settings(dir).map_err(crate::pipeline::failure)?;
        crate::astro::configured(&s);
        last = Some((dir, Arc::clone(&s)));
        per_input.push(s);
    }

    let mut fixed = None;
    if let Some(mode) = crate::fix::mode(&args.fix) {
        match crate::fix::run(
            &args.fix,
            mode,
            &mut inputs,
            &per_input,
            !input_errors.is_empty(),
        )? {
            crate::fix::Outcome::Done(status) => return Ok(status),
            crate::fix::Outcome::Fixed(summary) => fixed = Some(summary),
        }
    }

    let outcomes: Vec<Outcome> = if pipeline.is_live() {
        // Live facts are gathered for every distinct request at once: load every file first.
        crate::alloc::spread();
        let loaded: Vec<Result<Document, String>> = inputs
            .par_iter()
            .zip(per_input.par_iter())
            .map(|(input, settings)| load_input(input, settings))
            .collect();
        let documents: Vec<Option<&Document>> = loaded.iter().map(|d| d.as_ref().ok()).collect();
        let facts = pipeline.facts_for_all(&documents).map_err(Failure::Error)?;
        loaded
            .into_par_iter()
            .zip(facts.into_par_iter())
            .zip(inputs.par_iter().zip(per_input.par_iter()))
            .map(|((doc, facts), (input, settings))| {
                let result = doc.and_then(|doc| {
                    let facts = facts?;
                    Ok(Checked::from(pipeline.check(
                        doc,
                        settings,
                        facts.as_deref(),
                    )))
                });
                Outcome {
                    path: input.display(),
                    file: input.file(),
                    result,
                }
            })
            .collect()
    } else {
        // Offline, or facts replayed from a file: each file is read, loaded and checked in one
        // go, in parallel, and its parsed document dropped as soon as it is checked.
        // Each input is given up to its check: a file the walk has read becomes its document's
        // text without a copy, and is freed with it.
        let check_one = |(input, settings): (inputs::Input, &Arc<Settings>)| Outcome {
            path: input.display(),
            file: input.file(),
            result: check_input(&pipeline, input, settings).map(Checked::from),
        };
        if inputs.len() == 1 {
            // One file (an editor, a hook): not worth starting the thread pool.
            inputs.into_iter().zip(&per_input).map(check_one).collect()
        } else {
            crate::alloc::spread();
            inputs
                .into_par_iter()
                .zip(per_input.par_iter())
                .with_max_len(crate::inputs::FILES_PER_TASK)
                .map(check_one)
                .collect()
        }
    };

    let mut all = outcomes;
    all.extend(input_errors.into_iter().map(|e| Outcome {
        path: e.path,
        file: None,
        result: Err(e.message),
    }));
    let mut report = Report::new(all).with_skipped(skipped);
    if pipeline.is_live() && crate::astro::token().is_none() {
        report.notes.push(crate::astro::no_token_note());
    }

    // Straight to standard output, through one buffer: a report of 10,000 files is 3 MB, which
    // a whole-report buffer copied as it grew, on the main thread, with the other cores idle.
    let mut stdout = io::BufWriter::with_capacity(64 * 1024, crate::output::Stdout::lock());
    render::render(args.format, &report, &mut stdout, crate::color::stdout())
        .and_then(|()| stdout.flush())
        .map_err(|e| Failure::error(format!("cannot render the report: {e}")))?;
    drop(stdout);
    let unwritten = crate::output::write_all(outputs, &report);
    if let Some(summary) = &fixed {
        crate::fix::print_summary(summary, args.format);
    }
    for message in &unwritten {
        eprintln!("error: {}", render::sanitize_message(message));
    }
    let status = report
        .status()
        .max(fixed.as_ref().map_or(Status::Success, |s| s.status()))
        .max(if unwritten.is_empty() {
            Status::Success
        } else {
            Status::Failure
        });
    // The process ends next: freeing every file's text and diagnostics one by one (a
    // millisecond on 10,000 files, on the main thread) is work nobody waits for.
    std::mem::forget(report);
    Ok(status)
}

/// Reads, loads and checks one input with its settings and the facts that belong to it.
fn check_input(
    pipeline: &Pipeline,
    input: inputs::Input,
    settings: &Settings,
) -> Result<FileResult, String> {
    let doc = match input {
        // Its size limit too is `load_owned`'s.
        inputs::Input::Read(_, bytes) => load_owned(bytes, &settings.limits),
        input => load_input(&input, settings)?,
    };
    let facts = pipeline.facts_for(&doc)?;
    Ok(pipeline.check(doc, settings, facts.as_deref()))
}

/// Reads and loads one input.
pub(crate) fn load_input(input: &inputs::Input, settings: &Settings) -> Result<Document, String> {
    let limits = &settings.limits;
    match inputs::read(input, limits.max_bytes) {
        Ok(Ok(bytes)) => Ok(load(&bytes, limits)),
        Ok(Err(size)) => Ok(too_large(size, limits)),
        Err(message) => Err(message),
    }
}
