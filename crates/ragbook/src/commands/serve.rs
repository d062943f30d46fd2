//! `ragbook serve`.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;

pub fn serve(
    database: &str,
    listen: SocketAddr,
    options: ragbook_web::Options,
) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("could not start the async runtime")?;
    runtime.block_on(async {
        let store = ragbook_store::Store::open(database).await?;
        if store.users().await?.is_empty() {
            eprintln!(
                "No one can sign in yet: add a user with `ragbook user add NAME --role administrator --database {database}`.\nPublished reports are open to everyone."
            );
        }
        eprintln!("ragbook is serving {database} at http://{listen}/ (Ctrl-C to stop)");
        ragbook_web::serve(store, listen, &options)
            .await
            .with_context(|| format!("could not serve on {listen}"))?;
        eprintln!("Stopped.");
        Ok(ExitCode::SUCCESS)
    })
}

/// The identity provider's settings, when `--openid-issuer` is given.
pub fn openid(
    args: crate::cli::OpenIdArgs,
) -> anyhow::Result<Option<ragbook_web::openid::OpenIdSettings>> {
    let (Some(issuer), Some(client_id), Some(public_url)) =
        (args.openid_issuer, args.openid_client_id, args.public_url)
    else {
        return Ok(None);
    };
    let Some(client_secret) = args.openid_client_secret.filter(|s| !s.is_empty()) else {
        anyhow::bail!(
            "--openid-issuer needs the client secret in the RAGBOOK_OPENID_CLIENT_SECRET environment variable"
        );
    };
    Ok(Some(ragbook_web::openid::OpenIdSettings {
        issuer,
        client_id,
        client_secret,
        public_url,
    }))
}
