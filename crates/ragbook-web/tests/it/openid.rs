//! Sign-in with the council's identity provider (OpenID Connect), against a provider started
//! here on loopback that speaks the real protocol: discovery, the authorization endpoint with
//! PKCE (S256), the token endpoint checking the client secret and code verifier, RS256-signed ID
//! tokens and a JWKS. The app talks to it over real HTTP.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ragbook_core::access::Role;
use ragbook_store::{Store, User};
use ragbook_web::openid::OpenIdSettings;
use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use serde_json::json;

use crate::{Browser, demo_app_with, on_both};

const CLIENT_ID: &str = "ragbook-northshire";
const CLIENT_SECRET: &str = "a client secret from the provider";
const PUBLIC_URL: &str = "https://ragbook.northshire.test";

/// What the provider does wrong, for the tests that expect ragbook to notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Trick {
    #[default]
    None,
    /// Signs with a key it does not publish.
    ImpostorKey,
    /// Issues the token for another application.
    OtherAudience,
    /// Issues a token that expired an hour ago.
    Expired,
    /// Puts another sign-in's nonce in the token.
    OtherNonce,
}

struct Pending {
    challenge: String,
    nonce: String,
    redirect_uri: String,
}

struct Provider {
    issuer: String,
    key: RsaKeyPair,
    impostor: RsaKeyPair,
    /// Who signs in at the provider next.
    email: Mutex<String>,
    trick: Mutex<Trick>,
    codes: Mutex<HashMap<String, Pending>>,
}

type Shared = Arc<Provider>;

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

async fn discovery(State(p): State<Shared>) -> Json<serde_json::Value> {
    Json(json!({
        "issuer": p.issuer,
        "authorization_endpoint": format!("{}/authorize", p.issuer),
        "token_endpoint": format!("{}/token", p.issuer),
        "jwks_uri": format!("{}/jwks", p.issuer),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
    }))
}

async fn jwks(State(p): State<Shared>) -> Json<serde_json::Value> {
    let public = ring::rsa::PublicKeyComponents::<Vec<u8>>::from(p.key.public());
    Json(
        json!({ "keys": [{ "kty": "RSA", "use": "sig", "alg": "RS256", "kid": "key-1", "n": b64(&public.n), "e": b64(&public.e) }] }),
    )
}

async fn authorize(State(p): State<Shared>, Query(q): Query<HashMap<String, String>>) -> Response {
    let field = |name: &str| q.get(name).cloned().unwrap_or_default();
    if field("response_type") != "code"
        || field("client_id") != CLIENT_ID
        || field("code_challenge_method") != "S256"
        || field("code_challenge").is_empty()
        || !field("scope").split(' ').any(|s| s == "openid")
    {
        return (StatusCode::BAD_REQUEST, "bad authorization request").into_response();
    }
    let code = format!("code-{}", p.codes.lock().unwrap().len());
    p.codes.lock().unwrap().insert(
        code.clone(),
        Pending {
            challenge: field("code_challenge"),
            nonce: field("nonce"),
            redirect_uri: field("redirect_uri"),
        },
    );
    Redirect::to(&format!(
        "{}?code={code}&state={}",
        field("redirect_uri"),
        field("state")
    ))
    .into_response()
}

async fn token(State(p): State<Shared>, Form(f): Form<HashMap<String, String>>) -> Response {
    use sha2::Digest;
    let field = |name: &str| f.get(name).cloned().unwrap_or_default();
    let refuse = |why: &str| {
        (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": "invalid_grant", "error_description": why })),
        )
            .into_response()
    };
    if field("grant_type") != "authorization_code"
        || field("client_id") != CLIENT_ID
        || field("client_secret") != CLIENT_SECRET
    {
        return refuse("client");
    }
    // Codes are single use.
    let Some(pending) = p.codes.lock().unwrap().remove(&field("code")) else {
        return refuse("unknown code");
    };
    if b64(&sha2::Sha256::digest(field("code_verifier").as_bytes())) != pending.challenge {
        return refuse("PKCE verifier does not match the challenge");
    }
    if field("redirect_uri") != pending.redirect_uri {
        return refuse("redirect_uri");
    }
    let trick = *p.trick.lock().unwrap();
    let now = ragbook_io::clock::now_unix();
    let claims = json!({
        "iss": p.issuer,
        "sub": "0001",
        "aud": if trick == Trick::OtherAudience { "someone-else" } else { CLIENT_ID },
        "iat": now,
        "exp": if trick == Trick::Expired { now - 3600 } else { now + 300 },
        "nonce": if trick == Trick::OtherNonce { "another sign-in's nonce".to_owned() } else { pending.nonce },
        "preferred_username": *p.email.lock().unwrap(),
    });
    let signing_input = format!(
        "{}.{}",
        b64(json!({ "alg": "RS256", "typ": "JWT", "kid": "key-1" })
            .to_string()
            .as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let key = if trick == Trick::ImpostorKey {
        &p.impostor
    } else {
        &p.key
    };
    let mut signature = vec![0; key.public().modulus_len()];
    key.sign(
        &RSA_PKCS1_SHA256,
        &SystemRandom::new(),
        signing_input.as_bytes(),
        &mut signature,
    )
    .unwrap();
    Json(json!({ "access_token": "unused", "token_type": "Bearer", "id_token": format!("{signing_input}.{}", b64(&signature)) })).into_response()
}

async fn start_provider() -> Shared {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://{}", listener.local_addr().unwrap());
    let provider = Arc::new(Provider {
        issuer,
        key: RsaKeyPair::from_der(include_bytes!("fixtures/openid-provider-key.der")).unwrap(),
        impostor: RsaKeyPair::from_der(include_bytes!("fixtures/openid-impostor-key.der")).unwrap(),
        email: Mutex::new(String::new()),
        trick: Mutex::new(Trick::None),
        codes: Mutex::new(HashMap::new()),
    });
    let app = Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/jwks", get(jwks))
        .route("/authorize", get(authorize))
        .route("/token", post(token))
        .with_state(provider.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    provider
}

/// Follows the app's redirect to the provider, as a browser would, and returns the path (with
/// its query) the provider sends the browser back to.
async fn at_the_provider(location: &str) -> String {
    let location = location.to_owned();
    let back = tokio::task::spawn_blocking(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .build()
            .into();
        let response = agent.get(&location).call().unwrap();
        assert_eq!(
            response.status(),
            303,
            "the provider signs them in and sends them back"
        );
        response.headers()["location"].to_str().unwrap().to_owned()
    })
    .await
    .unwrap();
    back.strip_prefix(PUBLIC_URL).unwrap().to_owned()
}

/// Starts a sign-in as `email` at the provider; returns the browser back at the callback's
/// answer.
async fn sign_in_through(provider: &Provider, app: &Router, email: &str) -> (Browser, crate::Page) {
    *provider.email.lock().unwrap() = email.to_owned();
    let mut browser = Browser::new(app);
    let start = browser.get("/login/openid?next=/review").await;
    assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.body);
    let to_provider = start.location.clone().unwrap();
    assert!(
        to_provider.starts_with(&format!("{}/authorize?", provider.issuer)),
        "{to_provider}"
    );
    assert!(
        to_provider.contains("code_challenge_method=S256"),
        "{to_provider}"
    );
    assert!(
        to_provider.contains("ragbook.northshire.test/login/openid/callback"),
        "{to_provider}"
    );
    let back = at_the_provider(&to_provider).await;
    let page = browser.get(&back).await;
    (browser, page)
}

async fn staff_sign_in_with_the_councils_identity_provider(store: &Store) {
    let provider = start_provider().await;
    let options = ragbook_web::Options {
        openid: Some(OpenIdSettings {
            issuer: provider.issuer.clone(),
            client_id: CLIENT_ID.into(),
            client_secret: CLIENT_SECRET.into(),
            public_url: PUBLIC_URL.into(),
        }),
        ..ragbook_web::Options::default()
    };
    let app = demo_app_with(store, &options).await;
    store
        .add_user(&User {
            name: "ann".into(),
            full_name: "Ann Jones".into(),
            role: Role::Performance,
            department: None,
            password_hash: "$argon2id$no-password".into(),
            created_at: "2026-10-01T09:00:00Z".into(),
            disabled_at: None,
            email: Some("Ann.Jones@Northshire.gov.uk".into()),
        })
        .await
        .unwrap();

    let login = Browser::new(&app).get("/login?next=/review").await;
    assert!(login.body.contains("Sign in with your council account"));

    // Ann signs in at the provider and arrives where she was going, as herself, with her role.
    let (mut ann, page) = sign_in_through(&provider, &app, "ann.jones@northshire.gov.uk").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location.as_deref(), Some("/review"));
    let review = ann.get("/review").await;
    assert_eq!(review.status, StatusCode::OK);
    assert!(review.body.contains("Ann Jones"));

    // Someone the provider knows but ragbook does not.
    let (_, page) = sign_in_through(&provider, &app, "stranger@northshire.gov.uk").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(
        page.body
            .contains("no ragbook user with that email address may sign in"),
        "{}",
        page.body
    );

    // Tokens that must not be trusted.
    for trick in [
        Trick::ImpostorKey,
        Trick::OtherAudience,
        Trick::Expired,
        Trick::OtherNonce,
    ] {
        *provider.trick.lock().unwrap() = trick;
        let (mut browser, page) =
            sign_in_through(&provider, &app, "ann.jones@northshire.gov.uk").await;
        assert_eq!(
            page.status,
            StatusCode::FORBIDDEN,
            "{trick:?}: {}",
            page.body
        );
        assert!(page.body.contains("could not be trusted"), "{trick:?}");
        assert_eq!(
            browser.get("/review").await.status,
            StatusCode::SEE_OTHER,
            "{trick:?}: not signed in"
        );
    }
    *provider.trick.lock().unwrap() = Trick::None;

    // A callback that did not start here (another browser's state), or a replayed code.
    *provider.email.lock().unwrap() = "ann.jones@northshire.gov.uk".into();
    let mut victim = Browser::new(&app);
    let start = victim.get("/login/openid").await;
    let back = at_the_provider(start.location.as_deref().unwrap()).await;
    let forged = Browser::new(&app).get(&back).await;
    assert_eq!(
        forged.status,
        StatusCode::FORBIDDEN,
        "no flow cookie: {}",
        forged.body
    );
    assert!(forged.body.contains("expired or did not start here"));
    assert_eq!(victim.get(&back).await.status, StatusCode::SEE_OTHER);
    let mut replay = Browser::new(&app);
    replay.get("/login/openid").await;
    let (_, query) = back.split_once('?').unwrap();
    let code_only: String = query
        .split('&')
        .filter(|p| p.starts_with("code="))
        .collect();
    assert_eq!(
        replay
            .get(&format!("/login/openid/callback?{code_only}&state=x"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // A disabled account cannot sign in this way either.
    store
        .change_account(
            "ann",
            &ragbook_store::AccountChange::Disable,
            &crate::change("admin"),
        )
        .await
        .unwrap();
    let (_, page) = sign_in_through(&provider, &app, "ann.jones@northshire.gov.uk").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}
on_both!(staff_sign_in_with_the_councils_identity_provider);
