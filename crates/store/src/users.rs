//! Accounts: adding people, hashing and checking passwords (argon2id), finding who is who.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use chrono::{DateTime, Utc};
use cypp_domain::{AuditAction, Email, PartnershipId, Role, User, UserId};
use rand::Rng;
use uuid::Uuid;

use crate::audit::{Change, record};
use crate::codec::{from_word, json, now};
use crate::db::{Count, Tx};
use crate::{Actor, StoreError, dialect, vals};

/// The shortest password cypp accepts.
pub const MIN_PASSWORD_LENGTH: usize = 12;

/// Whether a password is good enough: at least [`MIN_PASSWORD_LENGTH`] characters that are not
/// all spaces, and hard to guess (more than 10^10 guesses by zxcvbn's estimate, which knows
/// common passwords, words, names, keyboard patterns and dates, and the person's own details in
/// `about`). The error says why, in words a person can act on.
pub fn check_password(password: &str, about: &[&str]) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_LENGTH {
        return Err(format!("The password must be at least {MIN_PASSWORD_LENGTH} characters long"));
    }
    if password.chars().all(char::is_whitespace) {
        return Err("The password must not be only spaces".into());
    }
    // The person's details, whole and word by word ("peter", "hale", "kelderby").
    let mut inputs: Vec<&str> = about.to_vec();
    inputs.extend(about.iter().flat_map(|a| a.split(|c: char| !c.is_alphanumeric())).filter(|w| w.len() > 2));
    inputs.push("cypp");
    let estimate = zxcvbn::zxcvbn(password, &inputs);
    if u8::from(estimate.score()) >= 3 {
        return Ok(());
    }
    let mut message = "The password is too easy to guess".to_string();
    if let Some(feedback) = estimate.feedback() {
        if let Some(warning) = feedback.warning() {
            message.push_str(&format!(": {}", warning.to_string().trim_end_matches('.')));
        }
        if let Some(suggestion) = feedback.suggestions().first() {
            message.push_str(&format!(". {suggestion}"));
        }
    }
    if !message.ends_with('.') {
        message.push('.');
    }
    message.push_str(" Try three or four unrelated words.");
    Err(message)
}

/// Hashes a password with argon2id and a fresh random salt.
pub fn hash_password(password: &str) -> Result<String, StoreError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Corrupt { column: "password", value: e.to_string() })
}

/// Whether `password` matches the stored hash.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A random password of 20 letters and digits, without look-alikes (0/O, 1/l/I), in groups
/// of five so it can be read out.
pub fn generate_password() -> String {
    const CHARS: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    let mut out = String::new();
    for i in 0..20 {
        if i > 0 && i % 5 == 0 {
            out.push('-');
        }
        out.push(CHARS[rng.gen_range(0..CHARS.len())] as char);
    }
    out
}

/// A new account to add.
pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub partnership: Option<PartnershipId>,
    pub password: &'a str,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: Uuid,
    email: String,
    name: String,
    role: String,
    partnership_id: Option<Uuid>,
    password_hash: String,
    disabled: bool,
    #[allow(dead_code)]
    created_at: DateTime<Utc>,
}

const USER_COLUMNS: &str = "id, email, name, role, partnership_id, password_hash, disabled, created_at";

impl UserRow {
    fn into_domain(self) -> Result<User, StoreError> {
        Ok(User {
            id: UserId(self.id),
            email: Email::parse(&self.email)
                .map_err(|_| StoreError::Corrupt { column: "users.email", value: self.email.clone() })?,
            name: self.name,
            role: from_word("users.role", &self.role)?,
            partnership: self.partnership_id.map(PartnershipId),
        })
    }
}

pub async fn add(tx: &mut Tx, actor: &Actor, new: NewUser<'_>) -> Result<User, StoreError> {
    let mut problems = cypp_domain::Problems::default();
    let email = Email::parse(new.email).map_err(|m| problems.push("email", m)).ok();
    if new.name.trim().is_empty() {
        problems.push("name", "Enter the person's name");
    }
    if let Err(message) = check_password(new.password, &[new.email, new.name]) {
        problems.push("password", message);
    }
    let Some(email) = email.filter(|_| problems.is_empty()) else {
        return Err(StoreError::Invalid(problems));
    };
    let user = User {
        id: UserId::new(),
        email,
        name: new.name.trim().to_string(),
        role: new.role,
        partnership: new.partnership,
    };
    let hash = hash_password(new.password)?;
    tx.execute(
        "INSERT INTO users (id, email, name, role, partnership_id, password_hash, disabled, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        vals![
            user.id.0,
            user.email.as_str(),
            user.name.as_str(),
            user.role.as_str(),
            user.partnership.map(|p| p.0),
            hash,
            false,
            now()
        ],
    )
    .await
    .map_err(|e| {
        if dialect::is_unique_violation(&e) {
            StoreError::duplicate("email", format!("there is already an account for {}", user.email))
        } else {
            e
        }
    })?;
    record(
        tx,
        Change {
            action: AuditAction::Create,
            entity: "user",
            entity_id: Some(user.id.0),
            summary: format!("Added {} as {}", user.email, user.role),
            before: None,
            after: Some(json(&user)),
            actor,
        },
    )
    .await?;
    Ok(user)
}

/// The user with this id.
pub async fn get(tx: &mut Tx, id: UserId) -> Result<User, StoreError> {
    let row: Option<UserRow> =
        tx.fetch_optional(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"), vals![id.0]).await?;
    row.ok_or_else(|| StoreError::not_found("user", id))?.into_domain()
}

pub async fn find_by_email(tx: &mut Tx, email: &str) -> Result<Option<User>, StoreError> {
    let row: Option<UserRow> = tx
        .fetch_optional(
            &format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1"),
            vals![email.trim().to_lowercase()],
        )
        .await?;
    row.map(UserRow::into_domain).transpose()
}

/// What is needed to check a sign-in: the account with that email, if there is one.
pub struct Credentials {
    user: Option<UserRow>,
}

/// Looks up the account for a sign-in. Checking the password is [`Credentials::check`], kept
/// apart so that the slow hash runs outside any transaction and off the async workers.
pub async fn credentials(tx: &mut Tx, email: &str) -> Result<Credentials, StoreError> {
    let row: Option<UserRow> = tx
        .fetch_optional(
            &format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1"),
            vals![email.trim().to_lowercase()],
        )
        .await?;
    Ok(Credentials { user: row })
}

impl Credentials {
    /// The user, if the password is right and the account enabled. It does the same work for
    /// an unknown account, a disabled one and an active one (one argon2 check each), so that
    /// neither timing nor the answer tells which it was.
    pub fn check(self, password: &str) -> Result<Option<User>, StoreError> {
        static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        match self.user {
            Some(row) => {
                let right = verify_password(&row.password_hash, password);
                if right && !row.disabled { Ok(Some(row.into_domain()?)) } else { Ok(None) }
            }
            None => {
                let dummy = DUMMY.get_or_init(|| hash_password("no such account").unwrap_or_default());
                verify_password(dummy, password);
                Ok(None)
            }
        }
    }
}

/// The user whose email and password these are, if the account is enabled.
pub async fn authenticate(tx: &mut Tx, email: &str, password: &str) -> Result<Option<User>, StoreError> {
    credentials(tx, email).await?.check(password)
}

pub async fn count(tx: &mut Tx) -> Result<i64, StoreError> {
    let count: Count = tx.fetch_one("SELECT COUNT(*) AS n FROM users", vec![]).await?;
    Ok(count.n)
}

pub async fn list(tx: &mut Tx) -> Result<Vec<User>, StoreError> {
    let rows: Vec<UserRow> = tx.fetch_all(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY email"), vec![]).await?;
    rows.into_iter().map(UserRow::into_domain).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_common_and_personal_passwords_are_refused_in_words() {
        let about = ["peter.hale@kelderby.example", "Peter Hale"];
        for (password, expected) in [
            ("short", "at least 12 characters"),
            ("            ", "only spaces"),
            ("\t\t\t\t\t\t\t\t\t\t\t\t", "only spaces"),
            ("password1234", "too easy to guess"),
            ("qwertyuiop12", "too easy to guess"),
            ("aaaaaaaaaaaaaaaa", "too easy to guess"),
            ("kelderby2024!", "too easy to guess"),
        ] {
            let refused = check_password(password, &about).err().unwrap_or_default();
            assert!(refused.contains(expected), "{password:?}: {refused}");
        }
        for fine in ["a test password for cypp", "lantern orbit mustard velvet", &generate_password()] {
            assert_eq!(check_password(fine, &about), Ok(()), "{fine}");
        }
    }

    #[test]
    fn passwords_hash_with_argon2id_and_verify() -> Result<(), StoreError> {
        let hash = hash_password("correct horse battery staple")?;
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "correct horse battery staple"));
        assert!(!verify_password(&hash, "Correct horse battery staple"));
        assert!(!verify_password("not a hash", "x"));
        Ok(())
    }

    #[test]
    fn generated_passwords_are_long_and_differ() {
        let a = generate_password();
        assert_eq!(a.len(), 23);
        assert!(a.len() - 3 >= MIN_PASSWORD_LENGTH);
        assert_ne!(a, generate_password());
    }
}
