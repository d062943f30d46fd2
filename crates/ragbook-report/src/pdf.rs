//! The report as a PDF, typeset by Typst embedded as a library: the view-model goes in as
//! `report.json`, the layout is `templates/report.typ`, the fonts are built in (DejaVu Sans).
//! Nothing is read from disk and no clock is consulted, so the same data gives the same bytes.
//!
//! The PDF is tagged (headings, tables with header rows, figures with alternative text), has a
//! title and a language, and is checked against PDF/UA-1 by Typst as it is written.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::cabinet_report::CabinetReport;
use crate::{Report, ReportError};

/// What in the PDF is not determined by the data: nothing. The document has no creation
/// date (Typst writes none when the date is `none`), its identifier is derived from the
/// organisation and the quarter, and the producer is "Typst" with its version, so only a new
/// Typst version changes bytes for the same data.
pub const PDF_METADATA: &str = "no creation or modification date; /ID from the organisation and quarter; /Producer names the Typst version";

const TEMPLATE: &str = include_str!("../templates/report.typ");
const CABINET_TEMPLATE: &str = include_str!("../templates/cabinet.typ");
const CITY_TEMPLATE: &str = include_str!("../templates/city.typ");
const SERVICE_PLAN_TEMPLATE: &str = include_str!("../templates/service_plan.typ");

static FONTS: LazyLock<Vec<Font>> = LazyLock::new(|| {
    [
        &include_bytes!("../fonts/DejaVuSans.ttf")[..],
        &include_bytes!("../fonts/DejaVuSans-Bold.ttf")[..],
        &include_bytes!("../fonts/DejaVuSans-Oblique.ttf")[..],
    ]
    .into_iter()
    .chain(typst_assets::fonts())
    .flat_map(|data| Font::iter(Bytes::new(data)))
    .collect()
});

static BOOK: LazyLock<LazyHash<FontBook>> =
    LazyLock::new(|| LazyHash::new(FontBook::from_fonts(FONTS.iter())));
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

fn file_id(path: &str) -> FileId {
    let path = VirtualPath::new(path).unwrap_or_else(|_| unreachable!("a fixed, valid path"));
    RootedPath::new(VirtualRoot::Project, path).intern()
}

/// The whole world a report is typeset in: the template, the data, the fonts.
struct ReportWorld {
    main: Source,
    data: Bytes,
    data_id: FileId,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &BOOK
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // Reports are dated by their quarter, never by when they are made.
        None
    }
}

/// The performance report as PDF bytes.
pub fn pdf(report: &Report) -> Result<Vec<u8>, ReportError> {
    typeset(
        TEMPLATE,
        report,
        format!("{} {}", report.organisation, report.quarter),
    )
}

/// The integrated Cabinet report as PDF bytes.
pub fn cabinet_pdf(report: &CabinetReport) -> Result<Vec<u8>, ReportError> {
    typeset(
        CABINET_TEMPLATE,
        report,
        format!("{} Cabinet {}", report.organisation, report.quarter),
    )
}

/// The city quarterly report as PDF bytes.
pub fn city_pdf(report: &crate::city::CityReport) -> Result<Vec<u8>, ReportError> {
    typeset(
        CITY_TEMPLATE,
        report,
        format!("{} city report {}", report.organisation, report.quarter),
    )
}

/// Service plans (one department's, or every department's as a volume) as PDF bytes.
pub fn service_plan_pdf(
    volume: &crate::service_plan::ServicePlanVolume,
) -> Result<Vec<u8>, ReportError> {
    typeset(
        SERVICE_PLAN_TEMPLATE,
        volume,
        format!("{} {}", volume.organisation, volume.title),
    )
}

/// Typesets `template` with `model` as its `/report.json`; `ident` names the document.
fn typeset(
    template: &str,
    model: &impl serde::Serialize,
    ident: String,
) -> Result<Vec<u8>, ReportError> {
    let json = serde_json::to_vec(model).map_err(|e| ReportError::Pdf(e.to_string()))?;
    let world = ReportWorld {
        main: Source::new(file_id("/report.typ"), template.to_owned()),
        data: Bytes::new(json),
        data_id: file_id("/report.json"),
    };
    let document: PagedDocument = typst::compile(&world).output.map_err(|errors| {
        ReportError::Pdf(
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let standards = PdfStandards::new(&[PdfStandard::Ua_1])
        .map_err(|e| ReportError::Pdf(e.message().to_string()))?;
    let options = PdfOptions {
        ident: Smart::Custom(ident),
        standards,
        ..PdfOptions::default()
    };
    let written = typst_pdf::pdf(&document, &options).map_err(|errors| {
        ReportError::Pdf(
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    });
    // Typst memoises layout across compilations; a long-running server making many reports
    // would otherwise hold every one of them. Keep only what recent reports used, as the
    // typst command does.
    typst::comemo::evict(10);
    written
}
