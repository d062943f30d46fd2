//! Killed at any moment, ragbook loses nothing it acknowledged and shows nothing half-written.
//!
//! Each scenario kills the real process (`kill -9`) at a random moment of its work, many times,
//! and after each kill opens the database again and checks: it opens, `ragbook check` answers
//! as before, every write that was acknowledged is there, and what was not acknowledged is
//! there whole or not at all. The scenarios: an import, a burst of feed writes to the web app's
//! API, and publishing a quarter.
//!
//! `RAGBOOK_CRASH_RUNS` sets the kills per scenario (5 by default; CI runs 100) and
//! `RAGBOOK_BIN` the binary (CI uses the release build, whose work is short enough for 100).
//! Each run prints its random seed; `RAGBOOK_CRASH_SEED` replays one.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ragbook_core::access::UpdateState;
use ragbook_core::dataset::{Dataset, Diff};
use ragbook_core::period::{FinancialQuarter, Period};
use ragbook_store::{Step, Store};

use crate::text;

const OPEN: &str = "2026-27-Q2";

fn binary() -> PathBuf {
    std::env::var_os("RAGBOOK_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_ragbook")),
        PathBuf::from,
    )
}

fn runs() -> usize {
    std::env::var("RAGBOOK_CRASH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5)
}

/// A small, seeded generator: the kill times of a run can be replayed.
struct Random(u64);

impl Random {
    fn new(scenario: &str) -> Random {
        let seed = std::env::var("RAGBOOK_CRASH_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
                    | 1
            });
        println!("{scenario}: RAGBOOK_CRASH_SEED={seed}");
        Random(seed)
    }

    /// A moment from zero up to `most`.
    fn within(&mut self, most: Duration) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        most.mul_f64((self.0 % 10_000) as f64 / 10_000.0)
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn ragbook(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(binary());
    command
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn run_ok(dir: &Path, args: &[&str]) -> String {
    let output = ragbook(dir, args).output().unwrap();
    assert!(
        output.status.success(),
        "ragbook {args:?}: {}",
        text(&output.stderr)
    );
    text(&output.stdout)
}

/// Copies a SQLite database whose writers have all stopped.
fn copy_database(from: &Path, to: &Path) {
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", to.display()));
    }
    std::fs::copy(from, to).unwrap();
    for suffix in ["-wal", "-shm"] {
        let source = PathBuf::from(format!("{}{suffix}", from.display()));
        if source.exists() {
            std::fs::copy(&source, format!("{}{suffix}", to.display())).unwrap();
        }
    }
}

fn dataset(database: &Path) -> Dataset {
    runtime().block_on(async {
        let store = Store::open(database.to_str().unwrap()).await.unwrap();
        let held = store.load().await.unwrap();
        store.close().await;
        held.dataset
    })
}

/// `ragbook check`'s exit code for the open quarter: the database opens and is checked.
fn check_code(dir: &Path, database: &Path) -> Option<i32> {
    let output = ragbook(
        dir,
        &["check", "--period", OPEN, "-d", database.to_str().unwrap()],
    )
    .output()
    .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "check could not run: {}",
        text(&output.stderr)
    );
    output.status.code()
}

fn kill(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn demo_folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo")
}

#[test]
fn an_import_killed_at_any_moment_is_there_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let base = d.join("base.sqlite");
    run_ok(
        d,
        &[
            "import",
            demo_folder().to_str().unwrap(),
            "-d",
            base.to_str().unwrap(),
        ],
    );
    // The package: the demo with a Quarter 2 figure restated.
    let package = crate::package::demo_copy(d, "package");
    let values = package.join("measure_values.csv");
    let csv = std::fs::read_to_string(&values).unwrap();
    let row = format!("KM01,{OPEN},");
    let at = csv.find(&row).unwrap() + row.len();
    let end = at + csv[at..].find(',').unwrap();
    let changed = format!("{}{}1{}", &csv[..at], &csv[at..end], &csv[end..]);
    std::fs::write(&values, changed).unwrap();

    let before = dataset(&base);
    let before_check = check_code(d, &base);
    let finished = d.join("finished.sqlite");
    copy_database(&base, &finished);
    let started = Instant::now();
    run_ok(
        d,
        &[
            "import",
            package.to_str().unwrap(),
            "-d",
            finished.to_str().unwrap(),
        ],
    );
    let took = started.elapsed();
    let after = dataset(&finished);
    assert_ne!(before, after);

    let mut random = Random::new("import");
    let (mut whole, mut none) = (0, 0);
    let work = d.join("work.sqlite");
    for run in 0..runs() {
        copy_database(&base, &work);
        let child = ragbook(
            d,
            &[
                "import",
                package.to_str().unwrap(),
                "-d",
                work.to_str().unwrap(),
            ],
        )
        .spawn()
        .unwrap();
        std::thread::sleep(random.within(took.mul_f64(1.2)));
        kill(child);
        let held = dataset(&work);
        if held == after {
            whole += 1;
            assert_eq!(check_code(d, &work), check_code(d, &finished), "run {run}");
        } else {
            assert_eq!(held, before, "run {run}: half an import is visible");
            assert_eq!(check_code(d, &work), before_check, "run {run}");
            none += 1;
        }
    }
    println!("import: {whole} killed after committing, {none} before; none half-written");
}

/// A reply read off a raw HTTP/1.1 connection.
struct Reply {
    status: u16,
    cookies: Vec<String>,
    body: String,
}

fn http(port: u16, request: &str) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    stream.write_all(request.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no reply: {head:?}")))?;
    let cookies = head
        .lines()
        .filter_map(|l| l.strip_prefix("set-cookie: "))
        .filter_map(|c| c.split(';').next())
        .map(str::to_owned)
        .collect();
    Ok(Reply {
        status,
        cookies,
        body: body.to_owned(),
    })
}

fn get(port: u16, path: &str, cookies: &str) -> std::io::Result<Reply> {
    http(
        port,
        &format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookies}\r\nConnection: close\r\n\r\n"
        ),
    )
}

fn post(
    port: u16,
    path: &str,
    headers: &str,
    content_type: &str,
    body: &str,
) -> std::io::Result<Reply> {
    http(
        port,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Content-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
}

fn hidden_csrf(body: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let at = body.find(marker).unwrap() + marker.len();
    body[at..at + body[at..].find('"').unwrap()].to_owned()
}

/// `ragbook serve` on a free port, up and answering.
fn serve(dir: &Path, database: &Path) -> (Child, u16) {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listen = format!("127.0.0.1:{port}");
    let mut command = ragbook(
        dir,
        &[
            "serve",
            "-d",
            database.to_str().unwrap(),
            "--listen",
            &listen,
            "--insecure-cookies",
        ],
    );
    let child = command.stderr(Stdio::null()).spawn().unwrap();
    for _ in 0..200 {
        if get(port, "/published", "").is_ok_and(|r| r.status == 200) {
            return (child, port);
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    kill(child);
    panic!("ragbook serve did not start");
}

/// The demo's database: Quarter 1 published, Quarter 2 open.
fn demo_database(dir: &Path) -> PathBuf {
    run_ok(dir, &["demo", "--database", "demo.sqlite"]);
    dir.join("demo.sqlite")
}

#[test]
fn a_feed_burst_killed_at_any_moment_keeps_every_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let base = demo_database(d);
    let key = run_ok(
        d,
        &[
            "token",
            "add",
            "--department",
            "Adult Care",
            "--label",
            "burst",
            "-d",
            base.to_str().unwrap(),
        ],
    )
    .trim()
    .to_owned();
    let quarter: FinancialQuarter = OPEN.parse().unwrap();
    let held = dataset(&base);
    let measures: Vec<(String, String)> = held
        .measures
        .iter()
        .filter(|m| m.department.as_deref() == Some("Adult Care"))
        .filter_map(|m| {
            // Send each measure's own Quarter 1 figure, so the checks see nothing new.
            let figure = held
                .measure_values
                .iter()
                .find(|v| v.measure == m.id && v.period == Period::Quarter(quarter.previous()))?
                .value
                .figure()?;
            Some((m.id.to_string(), figure.to_string()))
        })
        .collect();
    assert!(measures.len() >= 2, "{measures:?}");

    let mut random = Random::new("feed burst");
    let work = d.join("work.sqlite");
    let mut acknowledged_total = 0;
    for run in 0..runs() {
        copy_database(&base, &work);
        let (server, port) = serve(d, &work);
        let burst = {
            let measures = measures.clone();
            let key = key.clone();
            std::thread::spawn(move || {
                // (write number, measure) of each acknowledged write, and the one in flight.
                let mut acknowledged = Vec::new();
                for n in 0.. {
                    let (id, figure) = &measures[n % measures.len()];
                    let body = format!(
                        r#"{{"period": "{OPEN}", "value": "{figure}", "note": "write {n}"}}"#
                    );
                    let reply = post(
                        port,
                        &format!("/api/v1/measures/{id}/values"),
                        &format!("Authorization: Bearer {key}\r\n"),
                        "application/json",
                        &body,
                    );
                    match reply {
                        Ok(reply) if reply.status == 200 => acknowledged.push((n, id.clone())),
                        Ok(reply) => panic!("write {n}: {} {}", reply.status, reply.body),
                        Err(_) => return (acknowledged, (n, id.clone())),
                    }
                }
                unreachable!()
            })
        };
        std::thread::sleep(Duration::from_millis(50) + random.within(Duration::from_millis(400)));
        kill(server);
        let (acknowledged, in_flight) = burst.join().unwrap();
        acknowledged_total += acknowledged.len();
        let held = dataset(&work);
        for (id, _) in &measures {
            let stored = held
                .measure_values
                .iter()
                .find(|v| v.measure.as_str() == id && v.period == Period::Quarter(quarter))
                .and_then(|v| v.note.clone());
            let last_acknowledged = acknowledged.iter().rev().find(|(_, m)| m == id);
            let allowed: Vec<String> = last_acknowledged
                .iter()
                .map(|(n, _)| format!("write {n}"))
                .chain((in_flight.1 == *id).then(|| format!("write {}", in_flight.0)))
                .collect();
            match &stored {
                Some(note) if note.starts_with("write ") => assert!(
                    allowed.contains(note),
                    "run {run}, {id}: holds {note:?}, acknowledged {last_acknowledged:?}, in flight {in_flight:?}"
                ),
                _ => assert!(
                    last_acknowledged.is_none(),
                    "run {run}, {id}: an acknowledged write is lost ({last_acknowledged:?})"
                ),
            }
        }
        check_code(d, &work);
    }
    println!("feed burst: {acknowledged_total} acknowledged writes, every one kept");
}

/// Approves every update of the open quarter in `database`, as the performance team would.
fn approve_everything(database: &Path) {
    runtime().block_on(async {
        let store = Store::open(database.to_str().unwrap()).await.unwrap();
        let quarter: FinancialQuarter = OPEN.parse().unwrap();
        let held = store.load().await.unwrap();
        let ids = held
            .dataset
            .deliverables
            .iter()
            .map(|d| d.id.to_string())
            .chain(held.dataset.measures.iter().map(|m| m.id.to_string()))
            .chain(held.dataset.actions.iter().map(|a| a.id.to_string()));
        for id in ids {
            for to in [UpdateState::Submitted, UpdateState::Approved] {
                let seen = store.update_state(&id, quarter).await.unwrap().version;
                let step = Step {
                    item: &id,
                    quarter,
                    seen,
                    to,
                    comment: None,
                };
                let change = ragbook_store::ChangeInfo {
                    by: "perf2".into(),
                    at: "2026-10-20T09:00:00Z".into(),
                    reason: None,
                    source: Some("test".into()),
                };
                store
                    .step(&step, &Diff::default(), "approve", &change)
                    .await
                    .unwrap();
            }
        }
        store.close().await;
    });
}

/// Whether `OPEN` is published and locked in `database`; refuses a state with one but not the
/// other.
fn published(database: &Path) -> bool {
    runtime().block_on(async {
        let store = Store::open(database.to_str().unwrap()).await.unwrap();
        let quarter: FinancialQuarter = OPEN.parse().unwrap();
        let locked = store.locked_quarters().await.unwrap().contains(&quarter);
        let kept = store.published_pdf(quarter).await.unwrap().is_some();
        store.close().await;
        assert_eq!(
            locked, kept,
            "a lock without its report, or a report without its lock"
        );
        locked
    })
}

#[test]
fn publishing_killed_at_any_moment_locks_with_its_report_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let base = demo_database(d);
    approve_everything(&base);

    let publish_once = |database: &Path, random: Option<(&mut Random, Duration)>| {
        let (server, port) = serve(d, database);
        let login = get(port, "/login", "").unwrap();
        let login_cookie = login.cookies.join("; ");
        let signed_in = post(
            port,
            "/login",
            &format!("Cookie: {login_cookie}\r\n"),
            "application/x-www-form-urlencoded",
            &format!(
                "csrf={}&name=perf&password=northshire-demo&next=/",
                hidden_csrf(&login.body)
            ),
        )
        .unwrap();
        assert_eq!(signed_in.status, 303, "{}", signed_in.body);
        let session = signed_in.cookies.join("; ");
        let review = get(port, "/review", &session).unwrap();
        assert!(
            review.body.contains("/cycle/publish"),
            "ready to publish: {}",
            review.body
        );
        let csrf = hidden_csrf(&review.body);
        let started = Instant::now();
        let publishing = std::thread::spawn(move || {
            post(
                port,
                "/cycle/publish",
                &format!("Cookie: {session}\r\n"),
                "application/x-www-form-urlencoded",
                &format!("csrf={csrf}"),
            )
        });
        let acknowledged = match random {
            Some((random, most)) => {
                std::thread::sleep(random.within(most));
                kill(server);
                publishing.join().unwrap().is_ok_and(|r| r.status == 303)
            }
            None => {
                let reply = publishing.join().unwrap().unwrap();
                assert_eq!(reply.status, 303, "{}", reply.body);
                kill(server);
                true
            }
        };
        (acknowledged, started.elapsed())
    };

    let finished = d.join("finished.sqlite");
    copy_database(&base, &finished);
    let (_, took) = publish_once(&finished, None);
    assert!(published(&finished));

    let mut random = Random::new("publish");
    let work = d.join("work.sqlite");
    let (mut done, mut not_done) = (0, 0);
    for run in 0..runs() {
        copy_database(&base, &work);
        let (acknowledged, _) = publish_once(&work, Some((&mut random, took.mul_f64(1.2))));
        let is_published = published(&work);
        assert!(
            is_published || !acknowledged,
            "run {run}: publication acknowledged but not kept"
        );
        check_code(d, &work);
        if is_published {
            done += 1;
        } else {
            not_done += 1;
        }
    }
    println!(
        "publish: {done} killed after committing, {not_done} before; never one without the other"
    );
}
