//! The `strata` binary: parse arguments, run one command, set the exit code
//! (0 success, 1 content errors, 2 usage errors).

use clap::Parser;

/// Rendering allocates many small strings on several threads at once;
/// mimalloc handles that markedly better than the system allocator. Its
/// version 2 (the `v2` feature) returns freed memory to the system after
/// 10 ms rather than version 3's second: a 10,000-page build peaks at
/// 124 MiB instead of 140 MiB in the same time (bench/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;
use strata::cli::{Cli, Command, Format};
use strata::diagnostics::{CAUSED_BY, Diagnostics, error_chain, plural};
use strata::scaffold::{self, ScaffoldError};
use strata::site::{self, BuildError};

fn main() -> ExitCode {
    no_huge_pages();
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(&args.options()),
        Command::Check(args) => check(&args.site.options(), args.format, args.strict),
        Command::Serve(args) => serve(&args.options()),
        Command::Init(args) => init(&args.options()),
        Command::New(args) => new(&args.options()),
        Command::Schema(args) if args.plan => {
            print!("{}", strata::export::SCHEMA);
            ExitCode::SUCCESS
        }
        Command::Schema(args) => schema(&args.root),
    }
}

/// Transparent huge pages cost more than they give here: where the system
/// grants them, the kernel spends much of a build zeroing 2 MiB pages and
/// the peak memory grows by a sixth. This is what `MIMALLOC_ALLOW_THP=0`
/// does, set for every run (bench/README.md has the measurements).
fn no_huge_pages() {
    // Only speed and memory depend on it: a kernel that refuses is fine.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

fn print_all(diags: &Diagnostics) {
    for d in diags.iter() {
        eprintln!("{d}");
    }
}

/// Every error, and the warnings in full or summed up by kind.
fn print_report(diags: &Diagnostics, verbose: bool) {
    eprint!("{}", diags.terminal_report(verbose));
}

fn build(options: &site::BuildOptions) -> ExitCode {
    match site::build(options) {
        Ok(report) => {
            print_report(&report.warnings, options.verbose);
            if let Some(why) = report.no_history {
                eprintln!("note: no history of changes: {why}");
            }
            println!(
                "Built {}, {} in {} ms -> {}",
                plural(report.pages, "page"),
                plural(report.sections, "section"),
                report.elapsed.as_millis(),
                site::shown_path(&std::env::current_dir().unwrap_or_default(), &report.output)
            );
            ExitCode::SUCCESS
        }
        Err(BuildError::Content(diags)) => {
            print_report(&diags, options.verbose);
            let kept = if options.output_dir().exists() {
                " The previous output was left as it was."
            } else {
                ""
            };
            eprintln!("Build failed: {}.{kept}", diags.summary());
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
        Format::Github => print!("{}", strata::check::github::commands(&diags, &options.root)),
        Format::Sarif => println!("{}", strata::check::sarif::log(&diags, &options.root)),
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

fn init(options: &scaffold::InitOptions) -> ExitCode {
    match scaffold::init(options) {
        Ok(report) => {
            for kept in &report.kept {
                eprintln!("kept {kept} as it was");
            }
            let dir = options.dir.display();
            println!(
                "Created a site in {dir} ({}). Next: strata serve --root {dir}",
                plural(report.written.len(), "file")
            );
            ExitCode::SUCCESS
        }
        Err(err) => scaffold_failed(&err),
    }
}

fn new(options: &scaffold::NewOptions) -> ExitCode {
    match scaffold::new_page(options) {
        Ok(path) => {
            println!(
                "{}",
                site::shown_path(&std::env::current_dir().unwrap_or_default(), &path)
            );
            ExitCode::SUCCESS
        }
        Err(err) => scaffold_failed(&err),
    }
}

fn scaffold_failed(err: &ScaffoldError) -> ExitCode {
    match err {
        ScaffoldError::Content(diags) => {
            print_all(diags);
            ExitCode::from(1)
        }
        other => {
            eprintln!("error: {other}");
            ExitCode::from(2)
        }
    }
}

fn schema(root: &std::path::Path) -> ExitCode {
    match strata::config::Config::load(root) {
        Ok(config) => {
            println!("{}", strata::schema::json_schema(&config));
            ExitCode::SUCCESS
        }
        Err(problems) => {
            problems.iter().for_each(|d| eprintln!("{d}"));
            ExitCode::from(1)
        }
    }
}
