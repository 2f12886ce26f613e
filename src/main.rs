//! The `strata` binary: parse arguments, run one command, set the exit code
//! (0 success, 1 content errors, 2 usage errors).

use clap::Parser;
use std::process::ExitCode;
use strata::cli::{Cli, Command, Format};
use strata::diagnostics::Diagnostics;
use strata::site::{self, BuildError};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(&args.options()),
        Command::Check(args) => check(&args.site.options(), args.format, args.strict),
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
    let diags = match site::load(options) {
        Ok(site) => site.diagnostics,
        Err(diags) => diags,
    };
    match format {
        Format::Text => {
            print_all(&diags);
            println!("{}", diags.summary());
        }
        Format::Json => {
            let json = serde_json::json!({ "findings": diags.0, "errors": diags.errors(), "warnings": diags.warnings() });
            println!(
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
        }
    }
    let failed = diags.has_errors() || (strict && diags.warnings() > 0);
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
