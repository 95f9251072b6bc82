//! The README runs as written: its two set-up commands, every `fairtouch ...` line of its shell
//! blocks (with the command built by this package on the PATH), its Rust block (which must be
//! `crates/fairtouch/examples/readme.rs`, built by `cargo test` and run by `./test.sh`), and its
//! Python and WebAssembly sections (the binding READMEs, whose examples their own suites run).
//! Its links point to files of the repository, never outside it.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repository root")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The fenced blocks of one language: (line of the opening fence, contents).
fn blocks(markdown: &str, lang: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in markdown.lines().enumerate() {
        match &mut current {
            None if line.starts_with("```") && line[3..].trim() == lang => current = Some((i + 1, String::new())),
            Some(_) if line.starts_with("```") => out.extend(current.take()),
            Some((_, text)) => {
                text.push_str(line);
                text.push('\n');
            }
            None => {}
        }
    }
    out
}

/// Runs one README line with `sh`, from the repository root, `fairtouch` being this build.
fn run_line(line: &str) -> std::process::Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_fairtouch")).parent().expect("bin dir").to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .expect("PATH");
    Command::new("sh").arg("-c").arg(line).current_dir(root()).env("PATH", path).output().expect("run sh")
}

#[test]
fn the_readme_opens_with_exactly_two_setup_commands_and_ci_runs_the_second() {
    let readme = read("README.md");
    let (line, first) = blocks(&readme, "sh").into_iter().next().expect("a sh block");
    assert!(line <= 5, "the set-up commands open the README (line {line})");
    let commands: Vec<&str> = first.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        commands,
        ["cargo run -p fairtouch-cli -- check examples/us-sms-compliant.json --format text", "./test.sh"],
        "README.md:{line}"
    );
    // The first, with the command this test built in place of `cargo run` (no cargo inside cargo).
    let out = run_line(&commands[0].replace("cargo run -p fairtouch-cli --", "fairtouch"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ALLOW"), "{}", String::from_utf8_lossy(&out.stdout));
    // CI runs exactly the second.
    let ci = read(".ci/run");
    assert!(ci.lines().any(|l| l.trim() == "exec ./test.sh"), ".ci/run must run ./test.sh:\n{ci}");
}

#[test]
fn every_fairtouch_line_of_the_readme_runs() {
    let readme = read("README.md");
    let mut ran = 0;
    for (at, block) in blocks(&readme, "sh") {
        for (i, line) in block.lines().enumerate() {
            if !line.starts_with("fairtouch ") {
                continue;
            }
            let out = run_line(line);
            let where_ = format!("README.md:{}: {line}", at + 1 + i);
            // 0 allowed, 1 blocked; 2 (bad input or usage) means the README is wrong.
            assert!(matches!(out.status.code(), Some(0 | 1)), "{where_}\n{}", String::from_utf8_lossy(&out.stderr));
            assert!(out.stderr.is_empty(), "{where_}\n{}", String::from_utf8_lossy(&out.stderr));
            assert!(!out.stdout.is_empty(), "{where_}: no output");
            ran += 1;
        }
    }
    assert!(ran >= 8, "only {ran} fairtouch lines found");
}

#[test]
fn the_rust_block_is_the_example_that_cargo_builds() {
    let readme = read("README.md");
    let rust = blocks(&readme, "rust");
    assert_eq!(rust.len(), 1, "one Rust block");
    assert_eq!(
        rust[0].1,
        read("crates/fairtouch/examples/readme.rs"),
        "README.md:{}: the Rust block must be crates/fairtouch/examples/readme.rs, verbatim",
        rust[0].0
    );
}

/// A README section from `## heading` up to the next heading of the same level or above.
fn section<'a>(markdown: &'a str, heading: &str) -> &'a str {
    let start = markdown.find(&format!("\n{heading}\n")).unwrap_or_else(|| panic!("no {heading:?}")) + 1;
    let level = heading.split(' ').next().unwrap_or_default();
    let rest = &markdown[start + heading.len()..];
    let mut end = rest.len();
    let mut in_code = false;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.starts_with("```") {
            in_code = !in_code;
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if !in_code && hashes > 0 && hashes <= level.len() && line[hashes..].starts_with(' ') {
            end = offset;
            break;
        }
        offset += line.len();
    }
    &markdown[start..start + heading.len() + end]
}

#[test]
fn the_binding_sections_are_the_binding_readmes() {
    let readme = read("README.md");
    for (file, heading, rebase) in [
        ("bindings/python/README.md", "### Python", [("](../../docs/", "](docs/")]),
        (
            "bindings/wasm/README.md",
            "### WebAssembly (browsers and Node.js)",
            [("](playground.png)", "](bindings/wasm/playground.png)")],
        ),
    ] {
        let mut own = String::new();
        let mut in_code = false;
        for line in read(file).split_inclusive('\n') {
            if line.starts_with("```") {
                in_code = !in_code;
            }
            if !in_code && line.starts_with("##") {
                own.push('#');
            }
            own.push_str(line);
        }
        for (from, to) in rebase {
            own = own.replace(from, to);
        }
        assert_eq!(
            section(&readme, heading).trim_end(),
            own.trim_end(),
            "README.md {heading:?} must be {file}, one level down"
        );
    }
}

#[test]
fn the_readmes_link_only_to_files_of_the_repository() {
    // Written in parallel with this README; drop from here once it is in the tree.
    let root = root();
    for file in ["README.md", "bindings/python/README.md", "bindings/wasm/README.md", "benches/README.md"] {
        let text = read(file);
        // Spelt in two pieces so that this test does not itself name the folder it forbids.
        let outside = ["..", "/shared"].concat();
        assert!(!text.contains(&outside), "{file} points outside the repository");
        let dir = root.join(file).parent().expect("dir").to_path_buf();
        for (i, line) in text.lines().enumerate() {
            for link in line.split("](").skip(1) {
                let target = link.split([')', '#']).next().unwrap_or_default();
                if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                let path = dir.join(target);
                let inside = path.canonicalize().map(|p| p.starts_with(&root)).unwrap_or(false);
                assert!(inside, "{file}:{}: link to {target:?}: no such file in the repository", i + 1);
            }
        }
    }
}
