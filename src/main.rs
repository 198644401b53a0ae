use clap::Parser;
use copydesk::cli::{Cli, Command};

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        // The server owns stdin/stdout: don't hold the stdout lock while it runs.
        Command::Lsp { .. } => copydesk::lsp::serve(),
        _ => copydesk::cli::run(
            cli,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        ),
    };
    std::process::exit(code);
}
