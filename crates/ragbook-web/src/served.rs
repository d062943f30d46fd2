//! Files served as they are, the same to everyone: a published report, the style sheet. Each
//! has a strong ETag, so a browser that holds it asks only whether it changed and is answered
//! 304 Not Modified without the file; and each text file is gzipped once, for browsers that
//! accept that.

use std::io::Write as _;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use flate2::Compression;
use flate2::write::GzEncoder;
use sha2::{Digest, Sha256};

/// A file ready to serve, in each form a browser may take it.
#[derive(Debug)]
pub(crate) struct Served {
    plain: Form,
    /// Gzipped, when it is text and that makes it smaller.
    gzipped: Option<Form>,
    /// Its own headers: type, disposition, policy, caching.
    headers: Vec<(header::HeaderName, HeaderValue)>,
}

#[derive(Debug)]
struct Form {
    bytes: Bytes,
    etag: HeaderValue,
}

impl Form {
    fn of(bytes: Vec<u8>, suffix: &str) -> Form {
        let digest = Sha256::digest(&bytes);
        let etag = format!("\"{}{suffix}\"", hex::encode(&digest[..16]));
        Form {
            bytes: Bytes::from(bytes),
            // Hex digits and quotes are always a valid header value.
            etag: HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\"")),
        }
    }
}

impl Served {
    /// `bytes` served with `headers`; `text` files are gzipped too.
    pub(crate) fn new(
        bytes: Vec<u8>,
        text: bool,
        headers: Vec<(header::HeaderName, HeaderValue)>,
    ) -> Served {
        let gzipped = text
            .then(|| gzip(&bytes))
            .flatten()
            .filter(|gzipped| gzipped.len() < bytes.len())
            .map(|gzipped| Form::of(gzipped, "-gzip"));
        Served {
            plain: Form::of(bytes, ""),
            gzipped,
            headers,
        }
    }

    /// The answer to a request with `request` headers: the form it accepts, or 304 when it
    /// already holds that form.
    pub(crate) fn respond(&self, request: &HeaderMap) -> Response {
        let gzip = self.gzipped.as_ref().filter(|_| accepts_gzip(request));
        let form = gzip.unwrap_or(&self.plain);
        let mut response = if holds(request, &form.etag) {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            form.bytes.clone().into_response()
        };
        let headers = response.headers_mut();
        for (name, value) in &self.headers {
            headers.insert(name, value.clone());
        }
        headers.insert(header::ETAG, form.etag.clone());
        if self.gzipped.is_some() {
            headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
        }
        if gzip.is_some() {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        response
    }
}

fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok()
}

/// Whether the browser takes gzip (`Accept-Encoding: gzip, br`), and has not refused it (`gzip;q=0`).
fn accepts_gzip(request: &HeaderMap) -> bool {
    request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .is_some_and(|q| q.trim_end_matches(['0', '.']).is_empty())
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

/// Whether `If-None-Match` names `etag` (compared weakly, as that header is).
fn holds(request: &HeaderMap, etag: &HeaderValue) -> bool {
    let etag = etag.as_bytes();
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|tag| tag.trim())
        .any(|tag| tag == "*" || tag.trim_start_matches("W/").as_bytes() == etag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(name, HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    #[test]
    fn a_browser_gets_the_form_it_takes_and_304_for_the_one_it_holds() {
        let text = "<p>Quarter 2 2026-27</p>".repeat(200).into_bytes();
        let served = Served::new(text.clone(), true, Vec::new());
        let plain = served.respond(&request(&[]));
        assert_eq!(plain.status(), StatusCode::OK);
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
        let etag = plain.headers()[header::ETAG].to_str().unwrap().to_owned();

        let gzipped = served.respond(&request(&[(header::ACCEPT_ENCODING, "br, gzip;q=0.8")]));
        assert_eq!(gzipped.headers()[header::CONTENT_ENCODING], "gzip");
        let gzip_etag = gzipped.headers()[header::ETAG].to_str().unwrap().to_owned();
        assert_ne!(etag, gzip_etag, "each form has its own tag");
        let refused = served.respond(&request(&[(header::ACCEPT_ENCODING, "gzip;q=0")]));
        assert!(refused.headers().get(header::CONTENT_ENCODING).is_none());

        for (held, encoding, expected) in [
            (etag.as_str(), "identity", StatusCode::NOT_MODIFIED),
            (gzip_etag.as_str(), "gzip", StatusCode::NOT_MODIFIED),
            (etag.as_str(), "gzip", StatusCode::OK),
            ("\"something-else\"", "identity", StatusCode::OK),
        ] {
            let list = format!("\"stale\", W/{held}");
            let answer = served.respond(&request(&[
                (header::IF_NONE_MATCH, &list),
                (header::ACCEPT_ENCODING, encoding),
            ]));
            assert_eq!(answer.status(), expected, "{held} {encoding}");
        }
        // The same bytes always get the same tag; other bytes another.
        let again = Served::new(text, true, Vec::new()).respond(&request(&[]));
        assert_eq!(again.headers()[header::ETAG], etag.as_str());
        let other = Served::new(b"other".to_vec(), true, Vec::new()).respond(&request(&[]));
        assert_ne!(other.headers()[header::ETAG], etag.as_str());
    }
}
