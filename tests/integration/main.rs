
mod cli;
mod sarif;
mod github;
