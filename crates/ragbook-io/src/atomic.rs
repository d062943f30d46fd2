//! Writing a file so that it appears whole or not at all: written beside its destination, then
//! renamed over it. A failure part-way leaves the old file (or no file) in place.

use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Writes `path` by calling `write` on a temporary file in the same folder and renaming it into
/// place only when `write` succeeds; gives back what `write` returned.
pub fn write_atomically<T, E>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<T, E>,
) -> Result<T, AtomicWriteError<E>> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let file = temporary_builder()
        .tempfile_in(folder)
        .map_err(AtomicWriteError::Io)?;
    let mut buffered = BufWriter::new(file);
    let written = write(&mut buffered).map_err(AtomicWriteError::Write)?;
    let file = buffered
        .into_inner()
        .map_err(|e| AtomicWriteError::Io(e.into_error()))?;
    file.as_file().sync_all().map_err(AtomicWriteError::Io)?;
    file.persist(path)
        .map_err(|e| AtomicWriteError::Io(e.error))?;
    Ok(written)
}

/// Files written for people (reports, exports) get the usual permissions, as if written
/// directly (0666 less the umask), not the owner-only ones of a temporary file.
fn temporary_builder() -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder
}

/// Why an atomic write failed.
#[derive(Debug, thiserror::Error)]
pub enum AtomicWriteError<E> {
    /// The file system refused.
    #[error(transparent)]
    Io(io::Error),
    /// The content could not be produced.
    #[error(transparent)]
    Write(E),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("out.csv");
        std::fs::write(&path, "old").unwrap();
        let failed = write_atomically::<(), _>(&path, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("stopped"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        write_atomically::<(), io::Error>(&path, |w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let leftovers = std::fs::read_dir(folder.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary files left behind");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_ne!(
                mode & 0o044,
                0,
                "readable by others as umask allows, not 0600"
            );
        }
    }
}
