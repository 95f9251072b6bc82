//! Lists every pack of this folder, with the sha256 digest of its source, for `src/lib.rs`.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn main() {
    let here = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    println!("cargo:rerun-if-changed={}", here.display());
    let mut packs: Vec<PathBuf> = fs::read_dir(&here)
        .expect("read the rules folder")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.file_name().is_some_and(|n| n != "Cargo.toml"))
        .collect();
    packs.sort();
    let mut code = String::from("&[\n");
    for p in &packs {
        println!("cargo:rerun-if-changed={}", p.display());
        let name = p.file_name().and_then(|n| n.to_str()).expect("pack file name");
        let source = fs::read(p).expect("read pack");
        let digest = format!("sha256:{:x}", Sha256::digest(&source));
        code.push_str(&format!(
            "    ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{name}\")), {digest:?}),\n"
        ));
    }
    code.push_str("]\n");
    for entry in fs::read_dir(here.join("data")).expect("read rules/data").flatten() {
        println!("cargo:rerun-if-changed={}", entry.path().display());
    }
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("packs.rs");
    fs::write(out, code).expect("write packs.rs");
}
