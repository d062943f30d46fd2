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
