//! Settings from flags and environment variables (flags win).

use app::accounts::{Role, session::AuthConfig};
use clap::{Args, Parser, Subcommand};
use leptos::config::LeptosOptions;
use std::{
    net::{IpAddr, SocketAddr},
    path::PathBuf,
    time::Duration,
};

#[derive(Debug, Clone, Parser)]
#[command(
    name = "tiendo",
    version,
    about = "Tiến Độ: monitoring digital-transformation tasks of Vietnam's provinces and communes"
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "TIENDO_ADDR", default_value = "127.0.0.1")]
    pub addr: IpAddr,
    /// Port to listen on.
    #[arg(long, env = "TIENDO_PORT", default_value_t = 3000)]
    pub port: u16,
    /// PostgreSQL URL (postgres://user:password@host/db). Without it, tiendo uses the SQLite
    /// file `tiendo.db` in the data directory.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
    /// Directory for the SQLite database and other files tiendo writes. Must exist.
    #[arg(long, env = "TIENDO_DATA_DIR", default_value = "var")]
    pub data_dir: PathBuf,
    /// Directory of the built browser assets (pkg/, favicon…).
    #[arg(long, env = "TIENDO_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,
    /// Log filter, e.g. `info` or `info,tower_http=debug`.
    #[arg(long, env = "RUST_LOG", default_value = "info,sqlx=warn")]
    pub log: String,
    /// Load demonstration data as well as the real territory.
    #[arg(long, env = "TIENDO_DEMO")]
    pub demo: bool,
    /// SMTP relay (`host:port`, no TLS: a relay on the host or the private network) through
    /// which notifications are e-mailed. Without it, none are.
    #[arg(long, env = "TIENDO_SMTP_RELAY")]
    pub smtp_relay: Option<String>,
    /// The sender address of those e-mails.
    #[arg(long, env = "TIENDO_MAIL_FROM", default_value = "tiendo@localhost")]
    pub mail_from: String,
    /// The site's address as its users reach it, for the links in e-mails.
    #[arg(
        long,
        env = "TIENDO_PUBLIC_URL",
        default_value = "http://localhost:3000"
    )]
    pub public_url: String,
    /// Seconds between two rounds of the notifications' sweep (due dates) and e-mails.
    #[arg(long, env = "TIENDO_NOTIFY_SECONDS", default_value_t = 60)]
    pub notify_seconds: u64,
    /// The site is served over HTTPS (usually by a proxy in front): session cookies become
    /// `__Host-` and Secure, and responses carry HSTS. Leave off only for plain-HTTP
    /// development on localhost.
    #[arg(long, env = "TIENDO_BEHIND_HTTPS")]
    pub behind_https: bool,
    /// How many proxies in front of tiendo append to X-Forwarded-For (0: use the peer address).
    #[arg(long, env = "TIENDO_TRUSTED_PROXIES", default_value_t = 0)]
    pub trusted_proxies: usize,
    /// Minutes without a request after which a session ends.
    #[arg(long, env = "TIENDO_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: i64,
    /// Hours after sign-in after which a session ends, however active.
    #[arg(long, env = "TIENDO_SESSION_LIFETIME_HOURS", default_value_t = 12)]
    pub session_lifetime_hours: i64,
    #[command(flatten)]
    pub pool: PoolConfig,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Migrates the database and loads the territory (with --demo, the demo data too), then
    /// exits: run it once before starting several servers on one new PostgreSQL database.
    Prepare,
    /// Manage accounts from the command line.
    #[command(subcommand)]
    User(UserCommand),
    /// Copies the SQLite database to FILE while the server goes on. With PostgreSQL, use
    /// pg_dump.
    Backup { file: PathBuf },
    /// Puts the SQLite backup FILE in place of the database (stop the server first). With
    /// PostgreSQL, restore with pg_restore, then run this without FILE. Either way the data
    /// revision moves on, so nothing kept from before the restore is served.
    Restore { file: Option<PathBuf> },
}

#[derive(Debug, Clone, Subcommand)]
pub enum UserCommand {
    /// Creates an account, e.g. the first ministry administrator. The password is read from
    /// TIENDO_PASSWORD, or else from the first line of standard input.
    Create {
        #[arg(long)]
        username: String,
        /// Full name as shown in the application.
        #[arg(long)]
        name: String,
        /// ministry_admin, inspector, province_official or commune_official.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Province code (province officials) or commune code (commune officials).
        #[arg(long)]
        scope: Option<String>,
        #[arg(long)]
        email: Option<String>,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| {
        let known: Vec<_> = Role::ALL.iter().map(|r| r.code()).collect();
        format!("unknown role `{text}`; one of {}", known.join(", "))
    })
}

/// Database connection pool.
#[derive(Debug, Clone, Args)]
pub struct PoolConfig {
    /// Most connections kept open.
    #[arg(long, env = "TIENDO_DB_MAX_CONNECTIONS", default_value_t = 10)]
    pub db_max_connections: u32,
    /// Fewest connections kept open.
    #[arg(long, env = "TIENDO_DB_MIN_CONNECTIONS", default_value_t = 1)]
    pub db_min_connections: u32,
    /// Seconds to wait when opening a connection.
    #[arg(long, env = "TIENDO_DB_CONNECT_TIMEOUT", default_value_t = 10)]
    pub db_connect_timeout: u64,
    /// Seconds a request waits for a free connection before failing.
    #[arg(long, env = "TIENDO_DB_ACQUIRE_TIMEOUT", default_value_t = 10)]
    pub db_acquire_timeout: u64,
    /// Seconds an unused connection stays open.
    #[arg(long, env = "TIENDO_DB_IDLE_TIMEOUT", default_value_t = 600)]
    pub db_idle_timeout: u64,
}

impl PoolConfig {
    pub fn connect_timeout(&self) -> Duration {
        Duration::from_secs(self.db_connect_timeout)
    }

    pub fn acquire_timeout(&self) -> Duration {
        Duration::from_secs(self.db_acquire_timeout)
    }

    pub fn idle_timeout(&self) -> Duration {
        Duration::from_secs(self.db_idle_timeout)
    }
}

impl Config {
    pub fn auth(&self) -> AuthConfig {
        AuthConfig {
            secure_cookies: self.behind_https,
            trusted_proxies: self.trusted_proxies,
            idle_timeout: chrono::Duration::minutes(self.session_idle_minutes),
            absolute_lifetime: chrono::Duration::hours(self.session_lifetime_hours),
            ..AuthConfig::default()
        }
    }

    pub fn socket_addr(&self) -> SocketAddr {
        SocketAddr::new(self.addr, self.port)
    }

    /// Leptos settings. Asset names carry content hashes when the build left `hash.txt`
    /// next to the binary (see scripts/build.sh).
    pub fn leptos_options(&self) -> LeptosOptions {
        let hashed = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").is_file()))
            .unwrap_or(false);
        LeptosOptions::builder()
            .output_name("tiendo")
            .site_root(self.site_root.to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .site_addr(self.socket_addr())
            .hash_files(hashed)
            .build()
    }
}
