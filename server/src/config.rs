//! Settings from flags and environment variables (flags win).

use clap::{Args, Parser};
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
    #[command(flatten)]
    pub pool: PoolConfig,
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
