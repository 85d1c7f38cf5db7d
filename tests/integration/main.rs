
mod cli;
