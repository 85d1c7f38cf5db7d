
mod cli;
mod sarif;
mod tools;
mod yaml_suite;
mod yaml_ls;
mod github;
mod junit;
mod config;
mod generated;
mod suppression;
mod inputs;
mod emulator;
mod online;
mod precommit;
mod hostile;
mod output_safety;
