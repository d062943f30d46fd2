//! Sign-in with the council's identity provider (Microsoft Entra ID or any OpenID Connect
//! provider): the authorization code flow with PKCE. The provider says who the person is; the
//! person is found among ragbook's users by email address, and their role is still ragbook's.
//!
//! The flow's secrets (state, nonce, PKCE verifier) travel in a short-lived HttpOnly cookie
//! between the redirect to the provider and its redirect back, so nothing is stored for a
//! visitor who has not signed in. The ID token's signature is checked against the provider's
//! published keys (RS256), with its issuer, audience, expiry and nonce.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use tokio::sync::Mutex;

/// How ragbook is registered with the provider.
#[derive(Clone, PartialEq, Eq)]
pub struct OpenIdSettings {
    /// The issuer, e.g. `https://login.microsoftonline.com/TENANT/v2.0`; its
    /// `/.well-known/openid-configuration` says where everything else is.
    pub issuer: String,
    /// The client (application) id ragbook was registered with.
    pub client_id: String,
    /// The client secret.
    pub client_secret: String,
    /// Where people reach ragbook, e.g. `https://ragbook.northshire.gov.uk`: the provider
    /// sends them back to `{public_url}/login/openid/callback`.
    pub public_url: String,
}

impl std::fmt::Debug for OpenIdSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The secret never reaches a log.
        f.debug_struct("OpenIdSettings")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("public_url", &self.public_url)
            .finish_non_exhaustive()
    }
}

impl OpenIdSettings {
    /// Where the provider sends people back to.
    pub fn redirect_uri(&self) -> String {
        format!(
            "{}/login/openid/callback",
            self.public_url.trim_end_matches('/')
        )
    }
}

/// Why a sign-in through the provider did not work.
#[derive(Debug, thiserror::Error)]
pub enum OpenIdError {
    /// The provider could not be reached, or answered with something unusable.
    #[error("the council's sign-in service could not be used: {0}")]
    Provider(String),
    /// The answer did not prove who the person is.
    #[error("the sign-in could not be trusted: {0}")]
    Untrusted(String),
}

/// What the provider's discovery document says.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Provider {
    issuer: String,
    pub(crate) authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
}

#[derive(Debug, Clone, Deserialize)]
struct Keys {
    keys: Vec<Key>,
}

#[derive(Debug, Clone, Deserialize)]
struct Key {
    #[serde(default)]
    kid: Option<String>,
    kty: String,
    #[serde(default)]
    n: Option<String>,
    #[serde(default)]
    e: Option<String>,
}

/// The provider's documents, fetched once and kept (keys are fetched again when a token names
/// one not yet seen, as happens when the provider rolls its keys).
#[derive(Debug)]
pub(crate) struct Client {
    pub(crate) settings: OpenIdSettings,
    provider: Mutex<Option<(Provider, Keys)>>,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .build()
        .into()
}

fn get_json<T: serde::de::DeserializeOwned>(url: &str) -> Result<T, OpenIdError> {
    let mut response = agent()
        .get(url)
        .call()
        .map_err(|e| OpenIdError::Provider(format!("{url}: {e}")))?;
    if !response.status().is_success() {
        return Err(OpenIdError::Provider(format!(
            "{url} answered {}",
            response.status()
        )));
    }
    let text = response
        .body_mut()
        .read_to_string()
        .map_err(|e| OpenIdError::Provider(format!("{url}: {e}")))?;
    serde_json::from_str(&text).map_err(|e| OpenIdError::Provider(format!("{url}: {e}")))
}

/// Runs blocking HTTP off the async executor.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, OpenIdError> + Send + 'static,
) -> Result<T, OpenIdError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| OpenIdError::Provider(format!("stopped: {e}")))?
}

/// The flow's secrets for one sign-in: kept in a cookie until the provider sends the person
/// back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attempt {
    pub(crate) state: String,
    pub(crate) nonce: String,
    pub(crate) verifier: String,
    pub(crate) next: String,
}

impl Attempt {
    pub(crate) fn new(next: &str) -> Result<Attempt, String> {
        Ok(Attempt {
            state: crate::auth::random_token()?,
            nonce: crate::auth::random_token()?,
            verifier: crate::auth::random_token()?,
            next: next.to_owned(),
        })
    }

    /// As the cookie holds it: `state.nonce.verifier.next` (the next path base64url-encoded).
    pub(crate) fn to_cookie(&self) -> String {
        format!(
            "{}.{}.{}.{}",
            self.state,
            self.nonce,
            self.verifier,
            URL_SAFE_NO_PAD.encode(self.next.as_bytes())
        )
    }

    pub(crate) fn from_cookie(text: &str) -> Option<Attempt> {
        let mut parts = text.split('.');
        let (state, nonce, verifier, next) =
            (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        let next = String::from_utf8(URL_SAFE_NO_PAD.decode(next).ok()?).ok()?;
        Some(Attempt {
            state: state.to_owned(),
            nonce: nonce.to_owned(),
            verifier: verifier.to_owned(),
            next,
        })
    }

    /// The PKCE challenge: base64url(SHA-256(verifier)).
    fn challenge(&self) -> String {
        use sha2::Digest;
        URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(self.verifier.as_bytes()))
    }
}

/// Who the provider says signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Identity {
    /// Their email address (the `email` claim, else `preferred_username`, which Entra ID
    /// sets to the sign-in address).
    pub(crate) email: String,
}

#[derive(Debug, Deserialize)]
struct TokenResponse {
    id_token: String,
}

#[derive(Debug, Deserialize)]
struct Header {
    alg: String,
    #[serde(default)]
    kid: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize)]
struct Claims {
    iss: String,
    aud: Audience,
    exp: i64,
    #[serde(default)]
    nonce: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    preferred_username: Option<String>,
}

impl Client {
    pub(crate) fn new(settings: OpenIdSettings) -> Arc<Client> {
        Arc::new(Client {
            settings,
            provider: Mutex::new(None),
        })
    }

    /// The provider's endpoints and keys, fetched on first use.
    async fn provider(&self, refresh_keys: bool) -> Result<(Provider, Keys), OpenIdError> {
        let mut held = self.provider.lock().await;
        if let Some((provider, keys)) = held.as_ref()
            && !refresh_keys
        {
            return Ok((provider.clone(), keys.clone()));
        }
        let issuer = self.settings.issuer.trim_end_matches('/').to_owned();
        let fetched = blocking(move || {
            let provider: Provider =
                get_json(&format!("{issuer}/.well-known/openid-configuration"))?;
            if provider.issuer.trim_end_matches('/') != issuer {
                return Err(OpenIdError::Provider(format!(
                    "the discovery document names the issuer {:?}, not {issuer:?}",
                    provider.issuer
                )));
            }
            let keys: Keys = get_json(&provider.jwks_uri)?;
            Ok((provider, keys))
        })
        .await?;
        *held = Some(fetched.clone());
        Ok(fetched)
    }

    /// Where to send the person to sign in.
    pub(crate) async fn authorization_url(&self, attempt: &Attempt) -> Result<String, OpenIdError> {
        let (provider, _) = self.provider(false).await?;
        let query = [
            ("response_type", "code"),
            ("client_id", &self.settings.client_id),
            ("redirect_uri", &self.settings.redirect_uri()),
            ("scope", "openid email profile"),
            ("state", &attempt.state),
            ("nonce", &attempt.nonce),
            ("code_challenge", &attempt.challenge()),
            ("code_challenge_method", "S256"),
        ]
        .iter()
        .map(|(k, v)| format!("{k}={}", crate::render::url_component(v)))
        .collect::<Vec<_>>()
        .join("&");
        let separator = if provider.authorization_endpoint.contains('?') {
            '&'
        } else {
            '?'
        };
        Ok(format!(
            "{}{separator}{query}",
            provider.authorization_endpoint
        ))
    }

    /// Exchanges the code the provider sent back for an ID token, and checks it: signature,
    /// issuer, audience, expiry (against `now`, seconds since 1970) and nonce.
    pub(crate) async fn identity(
        &self,
        code: &str,
        attempt: &Attempt,
        now: i64,
    ) -> Result<Identity, OpenIdError> {
        let (provider, keys) = self.provider(false).await?;
        let form = [
            ("grant_type", "authorization_code".to_owned()),
            ("code", code.to_owned()),
            ("redirect_uri", self.settings.redirect_uri()),
            ("client_id", self.settings.client_id.clone()),
            ("client_secret", self.settings.client_secret.clone()),
            ("code_verifier", attempt.verifier.clone()),
        ];
        let token_endpoint = provider.token_endpoint.clone();
        let id_token = blocking(move || {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let mut response = agent()
                .post(&token_endpoint)
                .send_form(pairs)
                .map_err(|e| OpenIdError::Provider(format!("{token_endpoint}: {e}")))?;
            let text = response
                .body_mut()
                .read_to_string()
                .map_err(|e| OpenIdError::Provider(format!("{token_endpoint}: {e}")))?;
            if !response.status().is_success() {
                return Err(OpenIdError::Untrusted(format!(
                    "the code was refused ({}): {}",
                    response.status(),
                    text.chars().take(200).collect::<String>()
                )));
            }
            let token: TokenResponse = serde_json::from_str(&text)
                .map_err(|e| OpenIdError::Provider(format!("{token_endpoint}: {e}")))?;
            Ok(token.id_token)
        })
        .await?;
        let claims = match verify(&id_token, &keys) {
            Err(KeyMissing) => {
                let (_, keys) = self.provider(true).await?;
                verify(&id_token, &keys).map_err(|_| {
                    OpenIdError::Untrusted(
                        "the token is signed by a key the provider does not publish".into(),
                    )
                })??
            }
            Ok(claims) => claims?,
        };
        if claims.iss.trim_end_matches('/') != provider.issuer.trim_end_matches('/') {
            return Err(OpenIdError::Untrusted(format!(
                "the token was issued by {:?}",
                claims.iss
            )));
        }
        let for_us = match &claims.aud {
            Audience::One(aud) => *aud == self.settings.client_id,
            Audience::Many(auds) => auds.contains(&self.settings.client_id),
        };
        if !for_us {
            return Err(OpenIdError::Untrusted(
                "the token is for another application".into(),
            ));
        }
        // A minute's leeway for clocks that differ.
        if claims.exp + 60 < now {
            return Err(OpenIdError::Untrusted("the token has expired".into()));
        }
        if !claims
            .nonce
            .as_deref()
            .is_some_and(|nonce| crate::auth::same_secret(&attempt.nonce, nonce))
        {
            return Err(OpenIdError::Untrusted(
                "the token does not belong to this sign-in (nonce)".into(),
            ));
        }
        let email = claims
            .email
            .or(claims.preferred_username)
            .filter(|e| e.contains('@'))
            .ok_or_else(|| {
                OpenIdError::Untrusted("the provider did not say the person's email address".into())
            })?;
        Ok(Identity { email })
    }
}

/// The token names a key that is not among those held.
struct KeyMissing;

/// Checks the token's RS256 signature with the provider's keys and reads its claims.
fn verify(token: &str, keys: &Keys) -> Result<Result<Claims, OpenIdError>, KeyMissing> {
    let untrusted = |why: &str| Ok(Err(OpenIdError::Untrusted(why.to_owned())));
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return untrusted("the ID token is not a signed JWT");
    };
    let decode = |part: &str| URL_SAFE_NO_PAD.decode(part.trim_end_matches('='));
    let Ok(header) = decode(header)
        .ok()
        .and_then(|b| serde_json::from_slice::<Header>(&b).ok())
        .ok_or(())
    else {
        return untrusted("the ID token's header cannot be read");
    };
    // Only RS256: "none" and HMAC with a public key are the classic forgeries.
    if header.alg != "RS256" {
        return untrusted(&format!(
            "the ID token is signed with {}, not RS256",
            header.alg
        ));
    }
    let key = keys.keys.iter().find(|k| {
        k.kty == "RSA" && (header.kid.is_none() || k.kid.is_none() || k.kid == header.kid)
    });
    let Some(key) = key else {
        return Err(KeyMissing);
    };
    let (Some(n), Some(e)) = (
        key.n.as_deref().and_then(|n| decode(n).ok()),
        key.e.as_deref().and_then(|e| decode(e).ok()),
    ) else {
        return untrusted("the provider's key cannot be read");
    };
    let Ok(signature) = decode(signature) else {
        return untrusted("the ID token's signature cannot be read");
    };
    let signed = &token[..header_and_payload_len(token)];
    let public = ring::signature::RsaPublicKeyComponents { n: &n, e: &e };
    if public
        .verify(
            &ring::signature::RSA_PKCS1_2048_8192_SHA256,
            signed.as_bytes(),
            &signature,
        )
        .is_err()
    {
        return untrusted("the ID token's signature is not the provider's");
    }
    match decode(payload)
        .ok()
        .and_then(|b| serde_json::from_slice::<Claims>(&b).ok())
    {
        Some(claims) => Ok(Ok(claims)),
        None => untrusted("the ID token's claims cannot be read"),
    }
}

/// The length of `header.payload`, the part of a JWT its signature covers.
fn header_and_payload_len(token: &str) -> usize {
    token.rfind('.').unwrap_or(token.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attempt_round_trips_through_its_cookie_and_pkce_is_s256() {
        let attempt = Attempt {
            state: "s".into(),
            nonce: "n".into(),
            verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into(),
            next: "/review?quarter=2026-27-Q2".into(),
        };
        assert_eq!(
            Attempt::from_cookie(&attempt.to_cookie()),
            Some(attempt.clone())
        );
        // RFC 7636, appendix B.
        assert_eq!(
            attempt.challenge(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert_eq!(Attempt::from_cookie("a.b"), None);
    }

    #[test]
    fn tokens_that_are_not_rs256_or_not_jwts_are_refused() {
        let keys = Keys { keys: vec![] };
        let none = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
            URL_SAFE_NO_PAD.encode(r#"{"iss":"x"}"#)
        );
        assert!(
            matches!(verify(&none, &keys), Ok(Err(OpenIdError::Untrusted(m))) if m.contains("not RS256"))
        );
        assert!(matches!(verify("not a token", &keys), Ok(Err(_))));
        let rs256 = format!(
            "{}.e30.c2ln",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","kid":"k"}"#)
        );
        assert!(matches!(verify(&rs256, &keys), Err(KeyMissing)));
    }
}
