//! Whether to colour what the tool prints: `--color`, then the environment's conventions, then
//! whether the stream is a terminal.
//!
//! - `--color always` and `--color never` decide, whatever the environment says.
//! - `--color auto` (the default): `NO_COLOR` set to anything but the empty string turns colour
//!   off (<https://no-color.org>); else `FORCE_COLOR` or `CLICOLOR_FORCE` set to anything but
//!   the empty string and `0` turns it on (<https://force-color.org>, `CLICOLOR_FORCE` as
//!   <https://bixense.com/clicolors/> says); else colour when the stream is a terminal. When
//!   both kinds are set, `NO_COLOR` wins, as in anstream (which colours clap's help).
//!
//! Reports written to files (`--output`) are never coloured.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::sync::OnceLock;

use clap::ValueEnum;

/// `--color WHEN`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, as NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

static CHOICE: OnceLock<ColorChoice> = OnceLock::new();

/// Records the command line's choice, once, before any command runs.
pub fn set(choice: ColorChoice) {
    let _ = CHOICE.set(choice);
}

/// Whether to colour standard output.
pub fn stdout() -> bool {
    decide(choice(), std::io::stdout().is_terminal(), |name| {
        std::env::var_os(name)
    })
}

/// Whether to colour standard error.
pub fn stderr() -> bool {
    decide(choice(), std::io::stderr().is_terminal(), |name| {
        std::env::var_os(name)
    })
}

fn choice() -> ColorChoice {
    CHOICE.get().copied().unwrap_or_default()
}

/// The decision, from the choice, whether the stream is a terminal and the environment.
fn decide(choice: ColorChoice, terminal: bool, var: impl Fn(&str) -> Option<OsString>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let set = |name: &str| var(name).filter(|v| !v.is_empty());
            if set("NO_COLOR").is_some() {
                false
            } else if ["FORCE_COLOR", "CLICOLOR_FORCE"]
                .iter()
                .any(|name| set(name).is_some_and(|v| v != "0"))
            {
                true
            } else {
                terminal
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(vars: &[(&str, &str)], choice: ColorChoice, terminal: bool) -> bool {
        decide(choice, terminal, |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| OsString::from(v))
        })
    }

    #[test]
    fn the_flag_over_the_environment_over_the_terminal() {
        use ColorChoice::*;
        assert!(with(&[], Auto, true));
        assert!(!with(&[], Auto, false));
        assert!(!with(&[("NO_COLOR", "1")], Auto, true));
        assert!(with(&[("NO_COLOR", "")], Auto, true));
        assert!(with(&[("FORCE_COLOR", "1")], Auto, false));
        assert!(with(&[("FORCE_COLOR", "3")], Auto, false));
        assert!(!with(&[("FORCE_COLOR", "0")], Auto, false));
        assert!(!with(&[("FORCE_COLOR", "")], Auto, false));
        assert!(with(&[("CLICOLOR_FORCE", "1")], Auto, false));
        assert!(!with(&[("CLICOLOR_FORCE", "0")], Auto, false));
        assert!(!with(
            &[("NO_COLOR", "1"), ("FORCE_COLOR", "1")],
            Auto,
            true
        ));
        assert!(with(&[("NO_COLOR", "1")], Always, false));
        assert!(!with(&[("FORCE_COLOR", "1")], Never, true));
    }
}
