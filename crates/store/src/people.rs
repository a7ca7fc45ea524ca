//! A partnership's people, as its admins manage them: added (with a one-time link to set their
//! password), given a role and an organisation, deactivated (their sessions end at once) and
//! reactivated, and sent a new link when they forget their password. Everyone can change their
//! own password. Each write is versioned where a person is edited, and audited.

use chrono::{DateTime, Duration, Utc};
use cypp_domain::{AuditAction, Email, OrganisationId, PartnershipId, Problems, Role, User, UserId};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{Change, record};
use crate::codec::{from_word, now};
use crate::db::Tx;
use crate::sessions::{hash, random_token};
use crate::users::{self, NewUser, check_password, generate_password, hash_password};
use crate::{Actor, StoreError, Versioned, vals};

/// How long a link to set a password works.
pub const RESET_HOURS: i64 = 72;

/// A person of a partnership, as their admin sees them.
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    pub user: User,
    pub organisation: Option<OrganisationId>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct PersonRow {
    id: Uuid,
    email: String,
    name: String,
    role: String,
    partnership_id: Option<Uuid>,
    organisation_id: Option<Uuid>,
    disabled: bool,
    created_at: DateTime<Utc>,
    version: i64,
}

const PERSON_COLUMNS: &str = "id, email, name, role, partnership_id, organisation_id, disabled, created_at, version";

impl PersonRow {
    fn into_person(self) -> Result<Versioned<Person>, StoreError> {
        let user = User {
            id: UserId(self.id),
            email: Email::parse(&self.email)
                .map_err(|_| StoreError::Corrupt { column: "users.email", value: self.email.clone() })?,
            name: self.name,
            role: from_word("users.role", &self.role)?,
            partnership: self.partnership_id.map(PartnershipId),
        };
        Ok(Versioned {
            value: Person {
                user,
                organisation: self.organisation_id.map(OrganisationId),
                active: !self.disabled,
                created_at: self.created_at,
            },
            version: self.version,
        })
    }
}

/// The partnership's people, by name.
pub async fn list(tx: &mut Tx, partnership: PartnershipId) -> Result<Vec<Versioned<Person>>, StoreError> {
    let rows: Vec<PersonRow> = tx
        .fetch_all(
            &format!("SELECT {PERSON_COLUMNS} FROM users WHERE partnership_id = $1 ORDER BY name, email"),
            vals![partnership.0],
        )
        .await?;
    rows.into_iter().map(PersonRow::into_person).collect()
}

/// One person of the partnership (a person of another partnership is not found).
pub async fn get(tx: &mut Tx, partnership: PartnershipId, id: UserId) -> Result<Versioned<Person>, StoreError> {
    let row: Option<PersonRow> = tx
        .fetch_optional(
            &format!("SELECT {PERSON_COLUMNS} FROM users WHERE id = $1 AND partnership_id = $2"),
            vals![id.0, partnership.0],
        )
        .await?;
    row.ok_or_else(|| StoreError::not_found("person", id))?.into_person()
}

/// What an admin gives for a person.
pub struct PersonFields<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub role: Role,
    pub organisation: Option<OrganisationId>,
}

/// Adds a person to the partnership with no password they know, and makes the one-time link
/// with which they set one. Returns them and the link's token (shown once, or emailed).
pub async fn add(
    tx: &mut Tx,
    actor: &Actor,
    partnership: PartnershipId,
    fields: &PersonFields<'_>,
) -> Result<(User, String), StoreError> {
    // A long random password nobody is told: the account is usable only through the link.
    let unknown = format!("{}-{}", generate_password(), generate_password());
    let user = users::add(
        tx,
        actor,
        NewUser {
            email: fields.email,
            name: fields.name,
            role: fields.role,
            partnership: Some(partnership),
            password: &unknown,
        },
    )
    .await?;
    tx.execute(
        "UPDATE users SET organisation_id = $1 WHERE id = $2",
        vals![fields.organisation.map(|o| o.0), user.id.0],
    )
    .await?;
    let token = start_reset(tx, actor, user.id).await?;
    Ok((user, token))
}

/// Changes a person's name, role and organisation. An admin cannot take away their own
/// admin role (someone else must), so a partnership is never left without one by mistake.
pub async fn update(
    tx: &mut Tx,
    actor: &Actor,
    partnership: PartnershipId,
    id: UserId,
    fields: &PersonFields<'_>,
    expected: i64,
) -> Result<i64, StoreError> {
    let current = get(tx, partnership, id).await?;
    let mut problems = Problems::default();
    if fields.name.trim().is_empty() {
        problems.push("name", "Enter the person's name");
    }
    if actor.id == Some(id) && current.value.user.role == Role::Admin && fields.role != Role::Admin {
        problems.push("role", "You cannot take away your own admin role; ask another admin");
    }
    problems.into_result().map_err(StoreError::Invalid)?;
    let before = json!({
        "name": current.value.user.name,
        "role": current.value.user.role.as_str(),
        "organisation": current.value.organisation,
    });
    let after =
        json!({ "name": fields.name.trim(), "role": fields.role.as_str(), "organisation": fields.organisation });
    let changed = tx
        .execute(
            "UPDATE users SET name = $1, role = $2, organisation_id = $3, version = version + 1
             WHERE id = $4 AND version = $5",
            vals![fields.name.trim(), fields.role.as_str(), fields.organisation.map(|o| o.0), id.0, expected],
        )
        .await?;
    if changed == 0 {
        return Err(StoreError::Conflict {
            entity: "person",
            label: current.value.user.name.clone(),
            expected,
            actual: current.version,
        });
    }
    record(
        tx,
        Change {
            action: AuditAction::Update,
            entity: "user",
            entity_id: Some(id.0),
            summary: format!("Changed {} ({})", current.value.user.name, current.value.user.email),
            before: Some(before),
            after: Some(after),
            actor,
        },
    )
    .await?;
    Ok(expected + 1)
}

/// Deactivates a person (every session of theirs ends at once) or makes them active again.
pub async fn set_active(
    tx: &mut Tx,
    actor: &Actor,
    partnership: PartnershipId,
    id: UserId,
    active: bool,
    expected: i64,
) -> Result<i64, StoreError> {
    let current = get(tx, partnership, id).await?;
    if actor.id == Some(id) && !active {
        let mut problems = Problems::default();
        problems.push("", "You cannot deactivate your own account; ask another admin");
        return Err(StoreError::Invalid(problems));
    }
    let changed = tx
        .execute(
            "UPDATE users SET disabled = $1, version = version + 1 WHERE id = $2 AND version = $3",
            vals![!active, id.0, expected],
        )
        .await?;
    if changed == 0 {
        return Err(StoreError::Conflict {
            entity: "person",
            label: current.value.user.name.clone(),
            expected,
            actual: current.version,
        });
    }
    if !active {
        tx.execute("DELETE FROM sessions WHERE user_id = $1", vals![id.0]).await?;
    }
    let user = &current.value.user;
    record(
        tx,
        Change {
            action: AuditAction::Update,
            entity: "user",
            entity_id: Some(id.0),
            summary: format!("{} {} ({})", if active { "Reactivated" } else { "Deactivated" }, user.name, user.email),
            before: Some(json!({ "active": current.value.active })),
            after: Some(json!({ "active": active })),
            actor,
        },
    )
    .await?;
    Ok(expected + 1)
}

/// Makes a one-time link for the person to set their password, working for [`RESET_HOURS`];
/// any earlier link of theirs stops working. Returns the token for the link.
pub async fn start_reset(tx: &mut Tx, actor: &Actor, id: UserId) -> Result<String, StoreError> {
    let at = now();
    tx.execute("UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL", vals![at, id.0])
        .await?;
    let token = random_token();
    tx.execute(
        "INSERT INTO password_resets (id, user_id, created_at, expires_at, used_at) VALUES ($1, $2, $3, $4, NULL)",
        vals![hash(&token), id.0, at, at + Duration::hours(RESET_HOURS)],
    )
    .await?;
    record(
        tx,
        Change {
            action: AuditAction::Create,
            entity: "password reset",
            entity_id: Some(id.0),
            summary: "Made a link to set a password".into(),
            before: None,
            after: None,
            actor,
        },
    )
    .await?;
    Ok(token)
}

/// Why a link to set a password does not work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResetRefused {
    Unknown,
    Used,
    Expired,
}

impl ResetRefused {
    pub fn message(self) -> &'static str {
        match self {
            ResetRefused::Unknown => {
                "This link is not right. Check you copied all of it, or ask your admin for a new one."
            }
            ResetRefused::Used => {
                "This link has already been used. Sign in with your password, or ask your admin for a new link."
            }
            ResetRefused::Expired => "This link has expired: links work for 72 hours. Ask your admin for a new one.",
        }
    }
}

#[derive(sqlx::FromRow)]
struct ResetRow {
    user_id: Uuid,
    expires_at: DateTime<Utc>,
    used_at: Option<DateTime<Utc>>,
}

/// The person a link is for, if it still works.
pub async fn reset_for(tx: &mut Tx, token: &str) -> Result<Result<User, ResetRefused>, StoreError> {
    let row: Option<ResetRow> = tx
        .fetch_optional("SELECT user_id, expires_at, used_at FROM password_resets WHERE id = $1", vals![hash(token)])
        .await?;
    Ok(match row {
        None => Err(ResetRefused::Unknown),
        Some(r) if r.used_at.is_some() => Err(ResetRefused::Used),
        Some(r) if r.expires_at <= now() => Err(ResetRefused::Expired),
        Some(r) => Ok(users::get(tx, UserId(r.user_id)).await?),
    })
}

/// Sets the password through a link, which then stops working. Every session of the person
/// ends: whoever had their old password is signed out.
pub async fn finish_reset(
    tx: &mut Tx,
    token: &str,
    password: &NewPassword,
) -> Result<Result<User, ResetRefused>, StoreError> {
    let user = match reset_for(tx, token).await? {
        Ok(user) => user,
        Err(refused) => return Ok(Err(refused)),
    };
    set_password(tx, &user, password).await?;
    let used = tx
        .execute("UPDATE password_resets SET used_at = $1 WHERE id = $2 AND used_at IS NULL", vals![now(), hash(token)])
        .await?;
    if used == 0 {
        // Used by another request in between: this one changes nothing.
        return Err(StoreError::Closed(ResetRefused::Used.message().into()));
    }
    record(
        tx,
        Change {
            action: AuditAction::Update,
            entity: "user",
            entity_id: Some(user.id.0),
            summary: format!("{} set their password with a link", user.email),
            before: None,
            after: None,
            actor: &Actor::user(&user),
        },
    )
    .await?;
    Ok(Ok(user))
}

/// A new password that passed the policy, hashed. Making one is slow by design (argon2id):
/// make it off the async workers (`spawn_blocking`) and before the transaction.
pub struct NewPassword(String);

impl NewPassword {
    /// Checks `password` against the policy for the person with these details, and hashes
    /// it; the problem, beside the `password` field, if it is refused.
    pub fn new(password: &str, about: &[&str]) -> Result<NewPassword, StoreError> {
        if let Err(message) = check_password(password, about) {
            let mut problems = Problems::default();
            problems.push("password", message);
            return Err(StoreError::Invalid(problems));
        }
        Ok(NewPassword(hash_password(password)?))
    }
}

/// Stores the new hash and ends the person's sessions.
async fn set_password(tx: &mut Tx, user: &User, password: &NewPassword) -> Result<(), StoreError> {
    tx.execute("UPDATE users SET password_hash = $1 WHERE id = $2", vals![password.0.as_str(), user.id.0]).await?;
    tx.execute("DELETE FROM sessions WHERE user_id = $1", vals![user.id.0]).await?;
    Ok(())
}

/// Changes a signed-in person's own password, once their current one is checked (by the
/// caller, off the async workers). Their sessions end; the caller signs them in afresh.
pub async fn change_password(tx: &mut Tx, user: &User, password: &NewPassword) -> Result<(), StoreError> {
    set_password(tx, user, password).await?;
    record(
        tx,
        Change {
            action: AuditAction::Update,
            entity: "user",
            entity_id: Some(user.id.0),
            summary: format!("{} changed their password", user.email),
            before: None,
            after: None,
            actor: &Actor::user(user),
        },
    )
    .await?;
    Ok(())
}
