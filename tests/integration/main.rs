
mod cli;
mod sarif;
