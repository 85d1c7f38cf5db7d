
mod cli;
mod sarif;
mod github;
mod junit;
mod config;
mod generated;
mod suppression;
mod inputs;
mod emulator;
mod online;
mod egress;
mod handoff;
mod precommit;
mod hostile;
mod output_safety;
