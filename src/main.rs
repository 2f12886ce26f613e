//! The `strata` binary: parse arguments, run one command, set the exit code
//! (0 success, 1 content errors, 2 usage errors).

use clap::Parser;

/// Rendering allocates many small strings on several threads at once;
/// mimalloc handles that markedly better than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;
use strata::cli::{Cli, Command, Format};
use strata::diagnostics::{CAUSED_BY, Diagnostics, error_chain};
use strata::site::{self, BuildError};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(&args.options()),
        Command::Check(args) => check(&args.site.options(), args.format, args.strict),
        Command::Serve(args) => serve(&args.options()),
    }
}

fn print_all(diags: &Diagnostics) {
    for d in diags.iter() {
        eprintln!("{d}");
    }
}

fn build(options: &site::BuildOptions) -> ExitCode {
    match site::build(options) {
        Ok(report) => {
            print_all(&report.warnings);
            if let Some(why) = report.no_history {
                eprintln!("note: no history of changes: {why}");
            }
            println!(
                "Built {} pages, {} sections in {} ms -> {}",
                report.pages,
                report.sections,
                report.elapsed.as_millis(),
                site::shown_path(&std::env::current_dir().unwrap_or_default(), &report.output)
            );
            ExitCode::SUCCESS
        }
        Err(BuildError::Content(diags)) => {
            print_all(&diags);
            eprintln!(
                "Build failed: {}. The previous output was left as it was.",
                diags.summary()
            );
            ExitCode::from(1)
        }
        Err(BuildError::Output(err)) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}

fn check(options: &site::BuildOptions, format: Format, strict: bool) -> ExitCode {
    let diags = strata::check::run(options);
    match format {
        Format::Text => println!("{}", strata::check::text(&diags)),
        Format::Json => println!("{}", strata::check::json(&diags)),
    }
    let failed = diags.has_errors() || (strict && diags.warnings() > 0);
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Returns only when the server cannot run; content errors never end it.
fn serve(options: &strata::serve::ServeOptions) -> ExitCode {
    match strata::serve::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {}", error_chain(&err, CAUSED_BY));
            ExitCode::from(2)
        }
    }
}
