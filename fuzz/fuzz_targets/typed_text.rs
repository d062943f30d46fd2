//! Any text as a typed figure, target, period, date or settings file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ragbook_core::date::Date;
use ragbook_core::figure::parse_figure;
use ragbook_core::measure::Unit;
use ragbook_core::period::Period;
use ragbook_core::settings::Settings;
use ragbook_core::target::Target;

fuzz_target!(|text: &str| {
    for unit in Unit::ALL {
        if let Ok(figure) = parse_figure(text, unit) {
            // What a table shows must read back as the same figure.
            let shown = ragbook_core::figure::format_figure(figure, unit);
            assert_eq!(parse_figure(&shown, unit), Ok(figure), "{text:?} shown as {shown:?}");
        }
        if let Ok(target) = Target::parse(text, unit) {
            assert_eq!(Target::parse(&target.code(), unit), Ok(target.clone()), "{text:?}");
        }
    }
    if let Ok(period) = text.parse::<Period>() {
        assert_eq!(period.to_string().parse::<Period>(), Ok(period));
        assert_eq!(Period::from_key(period.key()), Some(period));
    }
    if let Ok(date) = text.parse::<Date>() {
        assert_eq!(date.to_string().parse::<Date>(), Ok(date));
    }
    let _ = Settings::from_toml(text);
});
