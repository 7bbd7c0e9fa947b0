//! The notifications' background round, on every instance: the sweep that tells of
//! follow-ups due soon or overdue, then, when an SMTP relay is configured, the e-mail of the
//! notifications not yet sent. Each notification is taken for e-mail by one instance only; one
//! that could not be sent is given back for the next round.

use crate::config::Config;
use app::{
    i18n::Locale,
    notifications::{
        INBOX_PATH,
        service::{Mail, give_back, sweep, take_mail},
    },
    state::AppState,
    tasks::service::today,
};
use base64::{Engine, engine::general_purpose::STANDARD};
use std::time::Duration;
use tokio::{
    io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader},
    net::TcpStream,
    time::timeout,
};

/// Where and how e-mail is sent.
struct Relay {
    address: String,
    from: String,
    public_url: String,
}

/// Messages sent in one round at most.
const PER_ROUND: u64 = 200;
/// The longest wait for the relay at each step.
const STEP: Duration = Duration::from_secs(10);

/// Starts the round every `--notify-seconds` (the first after one period); the task runs
/// until aborted.
pub fn start(state: &AppState, config: &Config) -> tokio::task::JoinHandle<()> {
    let state = state.clone();
    let relay = config.smtp_relay.clone().map(|address| Relay {
        address,
        from: config.mail_from.clone(),
        public_url: config.public_url.trim_end_matches('/').to_owned(),
    });
    let every = Duration::from_secs(config.notify_seconds.max(1));
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        // A slow round (a relay that does not answer) is not followed by a burst of others.
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            round(&state, relay.as_ref()).await;
        }
    })
}

async fn round(state: &AppState, relay: Option<&Relay>) {
    let now = state.clock.now();
    if let Err(error) = sweep(&state.db, today(state), now, None).await {
        tracing::warn!(%error, "sweeping the notifications");
    }
    let Some(relay) = relay else { return };
    let mails = match take_mail(&state.db, now, PER_ROUND).await {
        Ok(mails) => mails,
        Err(error) => {
            tracing::warn!(%error, "taking notifications to e-mail");
            return;
        }
    };
    for mail in mails {
        match send(relay, &mail).await {
            Ok(()) => {}
            // Refused for good (an address the relay rejects): not tried again.
            Err(error) if is_permanent(&error) => {
                tracing::warn!(%error, id = mail.id, "a notification's e-mail refused");
            }
            Err(error) => {
                tracing::warn!(%error, id = mail.id, "e-mailing a notification");
                if let Err(error) = give_back(&state.db, mail.id).await {
                    tracing::warn!(%error, id = mail.id, "giving a notification back");
                }
            }
        }
    }
}

/// A header's text in UTF-8 (RFC 2047).
fn encoded_word(text: &str) -> String {
    format!("=?UTF-8?B?{}?=", STANDARD.encode(text))
}

/// The message: plain text in Vietnamese, base64 so any text is safe on the wire.
fn message(relay: &Relay, mail: &Mail) -> String {
    let t = Locale::Vi.strings();
    let kind = mail.kind.label(t);
    let subject: String = format!("[Tiến Độ] {kind}: {}", mail.title)
        .chars()
        .take(150)
        .collect();
    let body = format!(
        "{}\r\n\r\n{kind}\r\n{}\r\n\r\n{}: {}{}\r\n\r\n{} {}{INBOX_PATH}\r\n",
        t.mail_intro,
        mail.title,
        t.mail_open,
        relay.public_url,
        mail.link,
        t.mail_footer,
        relay.public_url,
    );
    let encoded = STANDARD.encode(body);
    let lines: Vec<&str> = encoded
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    format!(
        "From: <{from}>\r\nTo: <{to}>\r\nSubject: {subject}\r\nDate: {date}\r\nMessage-ID: <notification-{id}@tiendo>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{body}\r\n",
        from = relay.from,
        to = mail.to,
        subject = encoded_word(&subject),
        date = chrono::Utc::now().to_rfc2822(),
        id = mail.id,
        body = lines.join("\r\n"),
    )
}

/// The name the client gives itself: the site's host.
fn helo_name(public_url: &str) -> &str {
    let host = public_url.split("://").nth(1).unwrap_or(public_url);
    let host = host.split(['/', ':']).next().unwrap_or_default();
    if host.is_empty() { "localhost" } else { host }
}

/// An address fit for the envelope and the header: no line breaks, brackets or spaces.
fn plain_address(address: &str) -> Option<&str> {
    let fits = address.contains('@')
        && !address
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ','));
    fits.then_some(address)
}

async fn send(relay: &Relay, mail: &Mail) -> std::io::Result<()> {
    let invalid =
        |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidInput, what.to_owned());
    let to = plain_address(&mail.to).ok_or_else(|| invalid("recipient address"))?;
    let from = plain_address(&relay.from).ok_or_else(|| invalid("sender address"))?;
    let stream = timeout(STEP, TcpStream::connect(&relay.address)).await??;
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader);
    reply(&mut reader, 220).await?;
    for (command, code) in [
        (format!("EHLO {}", helo_name(&relay.public_url)), 250),
        (format!("MAIL FROM:<{from}>"), 250),
        (format!("RCPT TO:<{to}>"), 250),
        ("DATA".to_owned(), 354),
    ] {
        timeout(STEP, writer.write_all(format!("{command}\r\n").as_bytes())).await??;
        reply(&mut reader, code).await?;
    }
    // Base64 lines never start with a dot: nothing to escape before the end mark.
    let data = format!("{}.\r\n", message(relay, mail));
    timeout(STEP, writer.write_all(data.as_bytes())).await??;
    reply(&mut reader, 250).await?;
    // Accepted: whatever happens to the goodbye, it is sent (and not sent again).
    let _ = timeout(STEP, writer.write_all(b"QUIT\r\n")).await;
    Ok(())
}

/// A relay's 5xx reply, or an address that cannot be sent to: trying again would not help.
fn is_permanent(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::InvalidInput | std::io::ErrorKind::PermissionDenied
    )
}

/// The most lines one reply may have.
const MAX_REPLY_LINES: usize = 50;

/// Reads a reply (all its lines) and checks its code.
async fn reply(
    reader: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
    expected: u16,
) -> std::io::Result<()> {
    for _ in 0..MAX_REPLY_LINES {
        let mut line = String::new();
        let read = timeout(STEP, (&mut *reader).take(1024).read_line(&mut line)).await??;
        let code = line.get(..3).and_then(|c| c.parse::<u16>().ok());
        if read == 0 || code.is_none() {
            return Err(std::io::Error::other(format!("relay said {line:?}")));
        }
        if line.as_bytes().get(3) == Some(&b'-') {
            continue;
        }
        if code != Some(expected) {
            let kind = match code {
                Some(500..=599) => std::io::ErrorKind::PermissionDenied,
                _ => std::io::ErrorKind::Other,
            };
            let said = format!("relay said {}", line.trim_end());
            return Err(std::io::Error::new(kind, said));
        }
        return Ok(());
    }
    Err(std::io::Error::other("relay's reply too long"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_that_could_break_the_envelope_are_refused() {
        assert_eq!(
            plain_address("can.bo@nghean.gov.vn"),
            Some("can.bo@nghean.gov.vn")
        );
        for hostile in ["a@b\r\nRCPT TO:<x@y>", "a@b>", "a b@c", "nobody"] {
            assert_eq!(plain_address(hostile), None, "{hostile:?}");
        }
    }
}
