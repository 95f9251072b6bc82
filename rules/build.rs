//! Lists every pack of this folder and every shared lexicon of `lexicons/`, for `src/lib.rs`. A
//! pack's digest covers its source and every shared lexicon (a pack may use any of them), so that a
//! verdict's digest changes when the words a pack reads change.

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
    let mut lexicons: Vec<PathBuf> = fs::read_dir(here.join("lexicons"))
        .expect("read rules/lexicons")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    lexicons.sort();
    let mut lexicon_code = String::from("&[\n");
    let mut lexicon_bytes: Vec<u8> = Vec::new();
    for p in &lexicons {
        println!("cargo:rerun-if-changed={}", p.display());
        let file = p.file_name().and_then(|n| n.to_str()).expect("lexicon file name");
        let stem = file.strip_suffix(".toml").expect("a .toml file");
        let source = fs::read(p).expect("read lexicon");
        lexicon_bytes.extend_from_slice(stem.as_bytes());
        lexicon_bytes.push(0);
        lexicon_bytes.extend_from_slice(&source);
        lexicon_bytes.push(0);
        lexicon_code.push_str(&format!(
            "    ({stem:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/lexicons/{file}\"))),\n"
        ));
    }
    lexicon_code.push_str("]\n");
    let mut code = String::from("&[\n");
    for p in &packs {
        println!("cargo:rerun-if-changed={}", p.display());
        let name = p.file_name().and_then(|n| n.to_str()).expect("pack file name");
        let source = fs::read(p).expect("read pack");
        let mut hasher = Sha256::new();
        hasher.update(&source);
        if !lexicon_bytes.is_empty() {
            hasher.update([0u8]);
            hasher.update(&lexicon_bytes);
        }
        let digest = format!("sha256:{:x}", hasher.finalize());
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
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("lexicons.rs");
    fs::write(out, lexicon_code).expect("write lexicons.rs");
}
