//! Two pieces of code generation:
//! - the translations module from `src/locales/{sv,nb,en}.json` (leptos_i18n);
//! - the list of golden cases, embedded so that the wasm32 test (which has no file system) checks
//!   exactly the same files as the native one.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::fmt::Write as _;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR not set")?);

    // interpolate_display: `t_string!` with values (minutes, dates, amounts) yields plain strings.
    let cfg = Config::new("sv")?
        .add_locales(["nb", "en"])?
        .locales_path("src/locales")
        .parse_options(ParseOptions::default().interpolate_display(true));
    let translations = TranslationsInfos::parse(cfg)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out.join("i18n"))?;

    println!("cargo::rerun-if-changed=tests/golden");
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?).join("tests/golden");
    let mut names: Vec<String> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    let mut code = String::from("pub const GOLDEN_CASES: &[(&str, &str)] = &[\n");
    for n in &names {
        writeln!(code, "    ({n:?}, include_str!({:?})),", dir.join(n).display())?;
    }
    code.push_str("];\n");
    std::fs::write(out.join("golden_cases.rs"), code)?;
    Ok(())
}
