//! Command-line arguments, converted once into the library's option structs.
//! Nothing below `main` sees clap.

use crate::dates::{Date, parse_date};
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
}

#[derive(Args, Debug, Clone)]
pub struct SiteArgs {
    /// The site root (holding strata.yaml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Evaluate dates as of this day (YYYY-MM-DD), for reproducible output.
    #[arg(long, value_parser = parse_today)]
    pub today: Option<Date>,
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

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
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
