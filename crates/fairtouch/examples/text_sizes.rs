//! Time and verdict size of one evaluation for large texts of several shapes, to show that the
//! cost grows linearly with the text: `cargo run --release --example text_sizes [bytes]`.
//! Shapes: ordinary prose, one short phrase repeated, one banned word repeated, a large subject.
//! A second argument keeps only the shapes whose name contains it (for `valgrind --tool=callgrind`,
//! whose instruction counts are stable on a busy machine).

use std::time::Instant;

use fairtouch::Engine;

#[path = "../../../benches/text_shapes.rs"]
mod text_shapes;

fn main() {
    let bytes: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let engine = Engine::new().expect("engine");
    let shapes = text_shapes::shapes(bytes);
    println!("| text ({bytes} bytes) | time | ns/byte | verdict JSON |");
    println!("|---|---:|---:|---:|");
    let only = std::env::args().nth(2).unwrap_or_default();
    for (name, a) in shapes.into_iter().filter(|(n, _)| n.contains(only.as_str())) {
        let start = Instant::now();
        let v = engine.evaluate(&a);
        let t = start.elapsed();
        println!(
            "| {name} | {:.1} ms | {:.0} | {} bytes, {} findings |",
            t.as_secs_f64() * 1e3,
            t.as_nanos() as f64 / bytes as f64,
            v.to_json().len(),
            v.findings.len()
        );
    }
}
