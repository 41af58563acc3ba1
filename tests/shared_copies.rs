//! The project keeps its own copies of what `../shared` holds (the arithmetic spec and domain facts in
//! `docs/`, the golden cases in `tests/golden/`), so a clone builds and tests without it. Where
//! `../shared` is beside the repository the copies must equal it, file for file in both directions: a
//! change there fails here until the copy is brought in line (`bash .ci/sync-shared`).
//!
//! CI always lays `../shared` beside its clone; there a missing folder is a failure, so this check can
//! never pass by not looking. Elsewhere (a clone on its own) it says so and checks nothing.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A folder of ../shared, its copy here, and which of its files are copied there.
type Copy = (&'static str, &'static str, fn(&str) -> bool);

/// Each pair of folders is compared whole.
const COPIES: &[Copy] = &[
    ("golden", "tests/golden", |_| true),
    ("spec", "docs", |name| name != "domain.md"),
    (".", "docs", |name| name == "domain.md"),
];

fn files(dir: &Path, keep: fn(&str) -> bool) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().unwrap().is_file())
        .map(|entry| (entry.file_name().to_string_lossy().into_owned(), entry.path()))
        .filter(|(name, _)| keep(name) && (name.ends_with(".md") || name.ends_with(".json")))
        .map(|(name, path)| (name, std::fs::read(path).unwrap()))
        .collect()
}

/// The differences between a folder of ../shared and our copy, as readable lines.
fn differences(theirs: &Path, ours: &Path, keep: fn(&str) -> bool) -> Vec<String> {
    let (theirs, ours) = (files(theirs, keep), files(ours, keep));
    let mut out = Vec::new();
    for (name, text) in &theirs {
        match ours.get(name) {
            None => out.push(format!("{name}: missing here")),
            Some(copy) if copy != text => out.push(format!("{name}: differs")),
            Some(_) => {}
        }
    }
    out.extend(
        ours.keys().filter(|name| !theirs.contains_key(*name)).map(|name| format!("{name}: gone from ../shared")),
    );
    out
}

#[test]
fn copies_equal_shared() {
    let shared = PathBuf::from(ROOT).join("../shared");
    if !shared.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI lays ../shared beside the clone, but it is not at {}",
            shared.display()
        );
        eprintln!("../shared is not here; the copies in docs/ and tests/golden/ are used as they are");
        return;
    }
    let mut stale = Vec::new();
    for (theirs, ours, keep) in COPIES {
        for line in differences(&shared.join(theirs), &PathBuf::from(ROOT).join(ours), *keep) {
            stale.push(format!("{ours}/{line}"));
        }
    }
    assert!(stale.is_empty(), "the copies differ from ../shared (run `bash .ci/sync-shared`):\n{}", stale.join("\n"));
}

#[test]
fn the_comparison_sees_a_changed_a_missing_and_an_extra_file() {
    let (theirs, ours) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for (dir, name, text) in
        [(&theirs, "a.md", "1"), (&theirs, "b.md", "2"), (&ours, "a.md", "1!"), (&ours, "c.json", "3")]
    {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    assert_eq!(
        differences(theirs.path(), ours.path(), |_| true),
        ["a.md: differs", "b.md: missing here", "c.json: gone from ../shared"]
    );
    std::fs::write(ours.path().join("a.md"), "1").unwrap();
    std::fs::write(ours.path().join("b.md"), "2").unwrap();
    std::fs::remove_file(ours.path().join("c.json")).unwrap();
    assert!(differences(theirs.path(), ours.path(), |_| true).is_empty());
}

#[test]
fn the_copies_are_here() {
    for (_, ours, keep) in COPIES {
        assert!(!files(&PathBuf::from(ROOT).join(ours), *keep).is_empty(), "{ours} holds no copy");
    }
    assert!(Path::new(ROOT).join("docs/claim-arithmetic.md").is_file());
}
