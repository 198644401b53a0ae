use clap::Parser;

fn main() {
    let cli = copydesk::cli::Cli::parse();
    let code = copydesk::cli::run(
        cli,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::exit(code);
}
