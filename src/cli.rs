//! Command-line arguments, converted once into the library's option structs.
//! Nothing below `main` sees clap.

use crate::dates::{Date, parse_date};
use crate::scaffold::{InitOptions, Model, NewOptions};
use crate::serve::ServeOptions;
use crate::site::BuildOptions;
use clap::{Args, Parser, Subcommand};
use std::net::IpAddr;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "strata",
    version,
    about = "Build a cross-linked planning framework site from markdown plans."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into an output folder.
    Build(BuildArgs),
    /// Check content, links and planning rules without writing anything.
    Check(CheckArgs),
    /// Build the site into memory and serve it with live reload.
    Serve(ServeArgs),
    /// Create a new site with example plans at every level.
    Init(InitArgs),
    /// Write a new plan page from its level's archetype.
    New(NewArgs),
    /// Print a JSON Schema of the frontmatter, for editors (or of plan.json, with --plan).
    Schema(SchemaArgs),
}

#[derive(Args, Debug, Clone)]
pub struct SiteArgs {
    /// The site root (holding strata.yaml and content/).
    #[arg(long, default_value = ".", value_parser = existing_dir)]
    pub root: PathBuf,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Evaluate dates as of this day (YYYY-MM-DD), for reproducible output.
    #[arg(long, value_parser = parse_today)]
    pub today: Option<Date>,
    /// Print every warning (by default the first few of each kind, then
    /// counts; `strata check` lists them all).
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder (default: public/ under the root).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Override `base_url` from strata.yaml.
    #[arg(long)]
    pub base_url: Option<String>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Port to listen on (0 picks a free one).
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Address to bind; anything but a loopback address exposes the site to
    /// the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub interface: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// The folder for the new site (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The planning levels to start with.
    #[arg(long, value_enum, default_value = "five")]
    pub levels: Levels,
    /// Add the site to a folder that has files, keeping every existing file.
    #[arg(long)]
    pub force: bool,
    /// Date the example plans from this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_today)]
    pub today: Option<Date>,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Levels {
    /// Vision, roadmap, release, sprint and daily.
    Five,
    /// Roadmap, release and sprint.
    Three,
}

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The level's key in strata.yaml, e.g. iteration.
    pub level: String,
    /// The page's title; the file name is made from it.
    pub title: String,
    /// The plan this one serves: a path below content/, or an id
    /// (default: the current plan one level up).
    #[arg(long)]
    pub parent: Option<String>,
    /// The folder below content/ to write into (default: where the
    /// level's plans live).
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// The site root (holding strata.yaml and content/).
    #[arg(long, default_value = ".", value_parser = existing_dir)]
    pub root: PathBuf,
    /// Date the page from this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_today)]
    pub today: Option<Date>,
}

#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// The site root (holding strata.yaml).
    #[arg(long, default_value = ".", value_parser = existing_dir)]
    pub root: PathBuf,
    /// Print the JSON Schema of the built site's plan.json instead.
    #[arg(long)]
    pub plan: bool,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    /// GitHub Actions workflow commands: annotations on the changed lines.
    Github,
    /// A SARIF 2.1.0 log for code-scanning tools.
    Sarif,
}

fn existing_dir(text: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(text);
    if path.is_dir() {
        Ok(path)
    } else {
        Err(format!(
            "'{text}' is not a folder: give the site's root, the folder holding strata.yaml and content/"
        ))
    }
}

fn parse_today(text: &str) -> Result<Date, String> {
    parse_date(text).ok_or_else(|| format!("'{text}' is not a date: write YYYY-MM-DD"))
}

impl SiteArgs {
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            drafts: self.drafts,
            today: self.today,
            verbose: self.verbose,
            ..BuildOptions::default()
        }
    }
}

impl BuildArgs {
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            output: self.output.clone(),
            base_url: self.base_url.clone(),
            ..self.site.options()
        }
    }
}

impl InitArgs {
    pub fn options(&self) -> InitOptions {
        InitOptions {
            dir: self.dir.clone(),
            model: match self.levels {
                Levels::Five => Model::Five,
                Levels::Three => Model::Three,
            },
            force: self.force,
            today: crate::dates::today(self.today),
        }
    }
}

impl NewArgs {
    pub fn options(&self) -> NewOptions {
        NewOptions {
            root: self.root.clone(),
            level: self.level.clone(),
            title: self.title.clone(),
            parent: self.parent.clone(),
            dir: self.dir.clone(),
            today: crate::dates::today(self.today),
        }
    }
}

impl ServeArgs {
    pub fn options(&self) -> ServeOptions {
        ServeOptions {
            build: self.site.options(),
            interface: self.interface,
            port: self.port,
            open: self.open,
        }
    }
}
