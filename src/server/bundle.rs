//! Where the browser finds the islands bundle. With `hash-files` cargo-leptos names the files
//! `{output}.{hash}.js` / `.wasm` and writes the hashes to `hash.txt` beside the server binary, the
//! same file Leptos's own `HydrationScripts` and `HashedStylesheet` read.

use std::sync::OnceLock;

use leptos::config::LeptosOptions;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleUrls {
    pub js: String,
    pub wasm: String,
}

/// Read once per process: the bundle does not change under a running server.
pub fn urls(options: &LeptosOptions) -> &'static BundleUrls {
    static URLS: OnceLock<BundleUrls> = OnceLock::new();
    URLS.get_or_init(|| {
        let hashes = options
            .hash_files
            .then(|| std::env::current_exe().ok()?.parent()?.join(options.hash_file.as_ref()).canonicalize().ok())
            .flatten()
            .and_then(|path| std::fs::read_to_string(path).ok());
        if options.hash_files && hashes.is_none() {
            tracing::warn!("file hashing is on but hash.txt was not found beside the binary; islands may not load");
        }
        from_hash_file(options, hashes.as_deref().unwrap_or(""))
    })
}

fn from_hash_file(options: &LeptosOptions, hashes: &str) -> BundleUrls {
    let hash_of = |kind: &str| {
        hashes.lines().find_map(|line| {
            let (file, hash) = line.split_once(':')?;
            (file.trim() == kind).then(|| format!(".{}", hash.trim()))
        })
    };
    let base = format!("/{}/{}", options.site_pkg_dir, options.output_name);
    BundleUrls {
        js: format!("{base}{}.js", hash_of("js").unwrap_or_default()),
        wasm: format!("{base}{}.wasm", hash_of("wasm").unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_hashes_cargo_leptos_wrote() {
        let options = LeptosOptions::builder().output_name("debtor-portal").site_pkg_dir("pkg").build();
        let urls = from_hash_file(&options, "css: aaa\njs: 3b1f\nwasm: 9c2e\n");
        assert_eq!(
            urls,
            BundleUrls { js: "/pkg/debtor-portal.3b1f.js".into(), wasm: "/pkg/debtor-portal.9c2e.wasm".into() }
        );
        let plain = from_hash_file(&options, "");
        assert_eq!(plain.wasm, "/pkg/debtor-portal.wasm");
    }
}
