//! Argon2id password hashes, computed off the async runtime, as many at once as there are
//! cores: each takes about 19 MB and tens of milliseconds of a core, so a flood of sign-ins
//! waits its turn instead of taking the memory and every core.

use crate::error::{AppError, Problem};
use argon2::{
    Argon2,
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng},
};
use std::sync::{Arc, LazyLock, OnceLock};
use tokio::sync::Semaphore;

static TURNS: LazyLock<Arc<Semaphore>> = LazyLock::new(|| {
    Arc::new(Semaphore::new(
        std::thread::available_parallelism().map_or(2, usize::from),
    ))
});

/// Runs `work` on the blocking pool once a turn is free; the turn goes with the work.
async fn in_turn<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let turn = TURNS.clone().acquire_owned().await.ok()?;
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
        work()
    })
    .await
    .ok()
}

pub const MIN_LENGTH: usize = 10;
pub const MAX_LENGTH: usize = 256;

/// A new password must be long enough and not absurdly long (hashing cost).
pub fn check_strength(password: &str) -> Result<(), AppError> {
    let n = password.chars().count();
    if n < MIN_LENGTH {
        return Err(AppError::Invalid(Problem::PasswordTooShort));
    }
    if n > MAX_LENGTH {
        return Err(AppError::Invalid(Problem::PasswordTooLong));
    }
    Ok(())
}

pub async fn hash(password: String) -> Result<String, AppError> {
    in_turn(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .ok_or(AppError::Internal)?
    .map_err(|_| AppError::Internal)
}

/// Checks `password` against `stored`; with no stored hash (unknown user) it checks a dummy
/// one, so both answers take about as long.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    let known = stored.is_some();
    let stored = stored.unwrap_or_else(|| dummy_hash().to_owned());
    let ok = in_turn(move || {
        PasswordHash::new(&stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false);
    ok && known
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"not a password anyone has", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_differ() {
        let a = hash("correct horse battery".into()).await.unwrap();
        let b = hash("correct horse battery".into()).await.unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "salted");
        assert!(verify("correct horse battery".into(), Some(a.clone())).await);
        assert!(!verify("wrong horse battery".into(), Some(a)).await);
        assert!(!verify("anything".into(), None).await);
    }

    #[test]
    fn strength_is_checked() {
        assert!(check_strength("short").is_err());
        assert!(check_strength("long enough now").is_ok());
        assert!(check_strength(&"x".repeat(300)).is_err());
    }
}
