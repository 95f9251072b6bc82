//! Embeds every rule pack in `rules/` into the engine.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let rules = manifest.join("../../rules");
    println!("cargo:rerun-if-changed={}", rules.display());
    let mut packs: Vec<PathBuf> = fs::read_dir(&rules)
        .map(|d| {
            d.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "toml")).collect()
        })
        .unwrap_or_default();
    packs.sort();
    let mut code = String::from(
        "/// The default packs: (file name, source, sha256 digest of the source).\npub const DEFAULT_PACKS: &[(&str, &str, &str)] = &[\n",
    );
    for p in &packs {
        println!("cargo:rerun-if-changed={}", p.display());
        let name = p.file_name().and_then(|n| n.to_str()).expect("pack file name");
        let abs = fs::canonicalize(p).expect("pack path");
        let source = fs::read(p).expect("read pack");
        let digest = format!("sha256:{:x}", Sha256::digest(&source));
        code.push_str(&format!("    ({name:?}, include_str!({:?}), {digest:?}),\n", abs.display().to_string()));
    }
    code.push_str("];\n");
    for data in [
        "country-zones.tsv",
        "nanp-area-codes.tsv",
        "us-regions.tsv",
        "nyc-zip-codes.txt",
        "calling-codes.tsv",
        "phone-lengths.tsv",
    ] {
        println!("cargo:rerun-if-changed={}", rules.join("data").join(data).display());
    }
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("embedded_packs.rs");
    fs::write(out, code).expect("write embedded_packs.rs");
}
