//! What the user typed: clap's view of the command line, turned into calls.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::commands;

/// ragbook: a council's plan, its quarterly performance and budget, rated, rolled up and
/// reported from one set of data.
#[derive(Debug, Parser)]
#[command(name = "ragbook", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the data is held.
#[derive(Debug, clap::Args)]
pub struct DatabaseArgs {
    /// The database: a SQLite file (created if missing) or a postgres:// URL.
    #[arg(
        long,
        short = 'd',
        env = "RAGBOOK_DATABASE",
        default_value = "ragbook.sqlite",
        value_name = "FILE|URL"
    )]
    pub database: String,
}

/// Who is making a change.
#[derive(Debug, clap::Args)]
pub struct WhoArgs {
    /// Your name, recorded with every change (default: your login name).
    #[arg(long = "as", value_name = "NAME")]
    pub by: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a demo council's database (Northshire County Council; with --city, Eastbridge City
    /// Council) and show what to try next.
    Demo {
        /// Where to create it: a SQLite file (an earlier demo there is replaced) or an empty
        /// PostgreSQL database (postgres://...). Default: ragbook-demo.sqlite, or
        /// ragbook-city-demo.sqlite with --city.
        #[arg(long, short = 'd', value_name = "FILE|URL")]
        database: Option<String>,
        /// The city demo instead: Eastbridge City Council, a plan of themes with milestones,
        /// priority measures, priority projects and strategic risks, and its city report.
        #[arg(long)]
        city: bool,
    },
    /// Write a blank data package workbook to fill in.
    Template {
        /// The workbook to write (.xlsx).
        out: PathBuf,
        /// The council's settings.toml: the workbook carries it, and its columns follow it (in
        /// the older single-commentary format there are no issue and response columns).
        #[arg(long, value_name = "FILE")]
        settings: Option<PathBuf>,
    },
    /// Check a data package and load it, all or nothing.
    ///
    /// The package is an .xlsx workbook or a folder of CSV files. Every problem is listed with
    /// its file, sheet, row and column; nothing is loaded until there are none. Records whose
    /// ids are already held are updated; every change is kept in the revision history.
    Import {
        /// The package: an .xlsx workbook or a folder of CSV files.
        package: PathBuf,
        /// A settings.toml to use instead of the package's own.
        #[arg(long, value_name = "FILE")]
        settings: Option<PathBuf>,
        /// Why: needed when the package changes a locked quarter.
        #[arg(long)]
        reason: Option<String>,
        /// Show what the package would change (what starts, what ends, each table's new and
        /// changed records) and change nothing: for an annual refresh or a new plan.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(flatten)]
        who: WhoArgs,
    },
    /// Write everything held as a data package (xlsx, a CSV folder, or JSON).
    Export {
        /// Where to write: a .xlsx file, a .json file or a folder.
        out: PathBuf,
        /// The format (default: from OUT's extension; a folder of CSV files otherwise).
        #[arg(long, short)]
        format: Option<ExportFormat>,
        /// Export the data as it was when this quarter was locked (e.g. 2023-24-Q2).
        #[arg(long, value_name = "QUARTER")]
        as_locked: Option<String>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Write a quarter's performance report, as HTML and PDF.
    ///
    /// For a locked quarter the report is made from the data as it was when the quarter was
    /// locked, so it is the report that was published.
    Report {
        /// The quarter, e.g. 2023-24-Q2 (not for service plans, which are by --year).
        #[arg(long, short)]
        period: Option<String>,
        /// html or pdf (default: both).
        #[arg(long, short)]
        format: Option<ReportFormat>,
        /// performance (the Council Plan performance report), city (the city report of
        /// milestones, measures, projects and risks by theme), cabinet (the integrated
        /// performance and budget monitoring report to Cabinet) or service-plan (departmental
        /// service plans). Default: the plan's style, settings.toml [report] style.
        #[arg(long, short)]
        kind: Option<ReportKind>,
        /// For service plans: the department (default: every department, as one volume with
        /// the cover report to Cabinet).
        #[arg(long)]
        department: Option<String>,
        /// For service plans: the financial year, e.g. 2026-27 (default: each plan's update
        /// year).
        #[arg(long)]
        year: Option<String>,
        /// The folder to write into (made if missing).
        #[arg(long, short, default_value = "reports", value_name = "DIR")]
        out: PathBuf,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Check a quarter before its report is published: every inconsistency, with where it is.
    ///
    /// Exits with status 1 when anything blocks publication.
    Check {
        /// The quarter, e.g. 2023-24-Q2.
        #[arg(long, short)]
        period: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Lock a quarter once it is reported: later changes to it need a reason.
    Lock {
        /// The quarter, e.g. 2023-24-Q2.
        quarter: String,
        /// A note kept with the lock.
        #[arg(long)]
        reason: Option<String>,
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(flatten)]
        who: WhoArgs,
    },
    /// Show who changed an item (a priority, deliverable or measure id), when, how and why.
    History {
        /// The id, e.g. KM07 or D12.
        id: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Show what the database holds: schema version, counts, locked quarters, recent changes.
    Info {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Serve the web app: quarterly updates, review and publishing, published reports, the API.
    ///
    /// Stop it with Ctrl-C. Put it behind an HTTPS proxy for use beyond this computer.
    Serve {
        /// The database: a SQLite file or a postgres:// URL.
        #[arg(
            long,
            short = 'd',
            env = "RAGBOOK_DATABASE",
            default_value = "ragbook-demo.sqlite",
            value_name = "FILE|URL"
        )]
        database: String,
        /// The address and port to listen on.
        #[arg(
            long,
            short,
            default_value = "127.0.0.1:8080",
            value_name = "ADDR:PORT"
        )]
        listen: std::net::SocketAddr,
        /// Send session cookies over plain HTTP too (only for a trusted network without HTTPS).
        #[arg(long)]
        insecure_cookies: bool,
        /// Trust the X-Forwarded-For and X-Forwarded-Proto headers of the TLS proxy in front
        /// (for the sign-in throttle's addresses, and HSTS). Only behind such a proxy: otherwise
        /// anyone can set them (docs/security.md).
        #[arg(long)]
        behind_proxy: bool,
        /// How many passwords may be checked at once (each takes 19 MiB briefly); sign-ins
        /// beyond it are told to try again.
        #[arg(long, default_value_t = 2, value_name = "N")]
        password_checks: usize,
        /// How many seconds the server uses what it read (a session, an account, whether the
        /// data changed) before reading it again. Changes made through this server are seen at
        /// once; changes made elsewhere (`ragbook import`, `ragbook user disable`, another
        /// server) within this time. 0 reads them on every request.
        #[arg(long, default_value_t = 1, value_name = "SECONDS")]
        reread_after: u64,
        #[command(flatten)]
        openid: OpenIdArgs,
    },
    /// Manage who can sign in to the web app.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API keys for machine feeds that send measure figures.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Rate key measures in a CSV file against their targets.
    ///
    /// The file needs a header row with the columns measure, actual, target, unit, polarity
    /// and method; other columns are passed through. The output is the same rows with
    /// rating, deviation_pct and explanation added. If any row is wrong, every problem is
    /// listed and nothing is written.
    Rate(RateArgs),
    /// Work out roll-up bands from the overall ratings the council published.
    #[command(subcommand)]
    Rollup(RollupCommand),
    /// List the rating schemes shipped with ragbook, or show one in full.
    Schemes {
        /// A scheme name (county, county-older, city, deliverables, milestones) or TOML file.
        name: Option<String>,
    },
}

/// Sign-in with the council's identity provider (docs/security.md).
#[derive(Debug, clap::Args)]
pub struct OpenIdArgs {
    /// The OpenID Connect issuer, e.g. `https://login.microsoftonline.com/TENANT/v2.0`, to let
    /// staff sign in with their council account (found among ragbook's users by email).
    #[arg(long, requires_all = ["openid_client_id", "public_url"], value_name = "URL")]
    pub openid_issuer: Option<String>,
    /// The client (application) id ragbook is registered with at the provider.
    #[arg(long, requires = "openid_issuer", value_name = "ID")]
    pub openid_client_id: Option<String>,
    /// The client secret, from the environment (never the command line, which others can see).
    #[arg(
        long = "openid-client-secret-env",
        hide = true,
        env = "RAGBOOK_OPENID_CLIENT_SECRET",
        hide_env_values = true
    )]
    pub openid_client_secret: Option<String>,
    /// Where people reach ragbook, e.g. `https://ragbook.council.gov.uk`: the provider sends them
    /// back to URL/login/openid/callback.
    #[arg(long, requires = "openid_issuer", value_name = "URL")]
    pub public_url: Option<String>,
}

/// `ragbook user ...`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user. The password is read from RAGBOOK_PASSWORD, else from standard input.
    Add {
        /// Their user name, e.g. j.smith.
        name: String,
        /// administrator, performance, department_editor, finance_editor or viewer.
        #[arg(long, short)]
        role: String,
        /// Their department (department editors only).
        #[arg(long)]
        department: Option<String>,
        /// Their full name, as shown (default: the user name).
        #[arg(long)]
        full_name: Option<String>,
        /// Their email address: sign-in with the council's identity provider finds them by it.
        #[arg(long)]
        email: Option<String>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// List the users.
    List {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Give a user a new password (from RAGBOOK_PASSWORD, else standard input).
    ResetPassword {
        /// Their user name.
        name: String,
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(flatten)]
        who: WhoArgs,
    },
    /// Stop a user signing in; their sessions end at once. Their account and history stay.
    Disable {
        /// Their user name.
        name: String,
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(flatten)]
        who: WhoArgs,
    },
    /// Let a disabled user sign in again.
    Enable {
        /// Their user name.
        name: String,
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(flatten)]
        who: WhoArgs,
    },
    /// Remove a user. What they did stays in the history under their name.
    Remove {
        /// Their user name.
        name: String,
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(flatten)]
        who: WhoArgs,
    },
}

/// `ragbook rollup ...`
#[derive(Debug, Subcommand)]
pub enum RollupCommand {
    /// Read the overall ratings the council published (the package's published_rollups
    /// table) across every quarter held, and print for each cut-off of the average rule the
    /// interval every published case allows, the cases no banding can explain, and a
    /// settings.toml block to use.
    Fit {
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

/// `ragbook token ...`
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Make a new API key for a department's feed; it is shown once.
    Add {
        /// The department whose measures the key may write figures for.
        #[arg(long)]
        department: String,
        /// What the key is for, e.g. "Adult Care case system".
        #[arg(long)]
        label: String,
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(flatten)]
        who: WhoArgs,
    },
    /// List the feed keys: what each is for, who made it, when it was last used.
    List {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Revoke a feed key (give the id `ragbook token list` shows): it stops working at once.
    Revoke {
        /// The key's id, or its first 6 or more characters.
        id: String,
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(flatten)]
        who: WhoArgs,
    },
}

/// What `ragbook user` does to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Account {
    /// A new password.
    ResetPassword,
    /// No more signing in.
    Disable,
    /// Signing in again.
    Enable,
    /// Gone.
    Remove,
}

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportKind {
    /// The Council Plan performance report.
    Performance,
    /// The integrated performance and budget monitoring report to Cabinet.
    Cabinet,
    /// The city report: key highlights, a part per theme, the risk heat maps.
    City,
    /// Departmental service plans.
    ServicePlan,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML file.
    Html,
    /// A tagged, accessible PDF.
    Pdf,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One Excel workbook.
    Xlsx,
    /// A folder of CSV files and settings.toml.
    Csv,
    /// One JSON document.
    Json,
}

/// Arguments of `ragbook rate`.
#[derive(Debug, clap::Args)]
pub struct RateArgs {
    /// Rating scheme: a shipped name (county, county-older, city) or a TOML file.
    #[arg(long, short, default_value = "county", value_name = "NAME|FILE")]
    pub scheme: String,
    /// CSV file to rate; standard input if absent or '-'.
    #[arg(long, short, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Where to write the rated CSV; standard output if absent or '-'.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Parses the command line and runs the command.
/// `ragbook report`: a quarter's report, or service plans by year.
fn report(
    period: Option<&str>,
    (format, kind): (Option<ReportFormat>, Option<ReportKind>),
    (department, year): (Option<&str>, Option<&str>),
    out: &std::path::Path,
    database: &DatabaseArgs,
) -> anyhow::Result<ExitCode> {
    match (kind, period) {
        (Some(ReportKind::ServicePlan), _) => {
            commands::service::report(department, year, format, out, database)
        }
        (kind, Some(period)) => commands::report::report(period, format, kind, out, database),
        (_, None) => Err(anyhow::anyhow!(
            "give the quarter to report with --period, such as --period 2026-27-Q2 (service plans take --kind service-plan and --year instead)"
        )),
    }
}

pub fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Rate(args) => commands::rate::run(&args),
        Command::Schemes { name } => commands::schemes::run(name.as_deref()),
        Command::Rollup(RollupCommand::Fit { database }) => commands::rollup::fit(&database),
        Command::Template { out, settings } => {
            commands::package::template(&out, settings.as_deref())
        }
        Command::Demo { database, city } => match (city, database) {
            (false, database) => {
                commands::demo::run(database.as_deref().unwrap_or("ragbook-demo.sqlite"))
            }
            (true, database) => {
                commands::demo::run_city(database.as_deref().unwrap_or("ragbook-city-demo.sqlite"))
            }
        },
        Command::Import {
            package,
            settings,
            reason,
            dry_run,
            database,
            who,
        } => commands::package::import(
            &package,
            settings.as_deref(),
            reason,
            &database,
            &who,
            dry_run,
        ),
        Command::Export {
            out,
            format,
            as_locked,
            database,
        } => commands::package::export(&out, format, as_locked.as_deref(), &database),
        Command::Report {
            period,
            format,
            kind,
            department,
            year,
            out,
            database,
        } => report(
            period.as_deref(),
            (format, kind),
            (department.as_deref(), year.as_deref()),
            &out,
            &database,
        ),
        Command::Check { period, database } => commands::report::check(&period, &database),
        Command::Lock {
            quarter,
            reason,
            database,
            who,
        } => commands::history::lock(&quarter, reason, &database, &who),
        Command::History { id, database } => commands::history::history(&id, &database),
        Command::Info { database } => commands::history::info(&database),
        Command::Serve {
            database,
            listen,
            insecure_cookies,
            behind_proxy,
            password_checks,
            reread_after,
            openid,
        } => {
            let options = ragbook_web::Options {
                secure_cookies: !insecure_cookies,
                behind_proxy,
                password_checks,
                openid: commands::serve::openid(openid)?,
                reread_after: std::time::Duration::from_secs(reread_after),
            };
            commands::serve::serve(&database, listen, options)
        }
        Command::User(command) => user(command),
        Command::Token(TokenCommand::List { database }) => commands::users::list_tokens(&database),
        Command::Token(TokenCommand::Revoke { id, database, who }) => {
            commands::users::revoke_token(&id, &database, &who)
        }
        Command::Token(TokenCommand::Add {
            department,
            label,
            database,
            who,
        }) => commands::users::add_token(&department, &label, &database, &who),
    }
}

/// Runs a `ragbook user` command.
fn user(command: UserCommand) -> anyhow::Result<ExitCode> {
    match command {
        UserCommand::Add {
            name,
            role,
            department,
            full_name,
            email,
            database,
        } => commands::users::add(&name, &role, department, full_name, email, &database),
        UserCommand::List { database } => commands::users::list(&database),
        UserCommand::ResetPassword {
            name,
            database,
            who,
        } => commands::users::change(&name, Account::ResetPassword, &database, &who),
        UserCommand::Disable {
            name,
            database,
            who,
        } => commands::users::change(&name, Account::Disable, &database, &who),
        UserCommand::Enable {
            name,
            database,
            who,
        } => commands::users::change(&name, Account::Enable, &database, &who),
        UserCommand::Remove {
            name,
            database,
            who,
        } => commands::users::change(&name, Account::Remove, &database, &who),
    }
}
