//! The baseline for the typing-echo measurement (`benches/typing_echo.py`):
//! a bare eframe window holding one egui `TextEdit` with the same generated
//! article body Copydesk is given, and nothing else.
//!
//! ```sh
//! cargo run --release --example typing_echo -- --words 20000              # the bare window
//! cargo run --release --example typing_echo -- --words 20000 --write a.ron # the same article for Copydesk
//! ```

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut words = 20_000usize;
    let mut write: Option<PathBuf> = None;
    let mut size = [1480.0f32, 920.0];
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--words" => words = args.next().and_then(|n| n.parse().ok()).ok_or("--words needs a number")?,
            "--write" => write = Some(args.next().ok_or("--write needs a file")?.into()),
            "--size" => {
                let given = args.next().ok_or("--size needs WIDTHxHEIGHT")?;
                let (w, h) = given.split_once('x').ok_or("--size needs WIDTHxHEIGHT")?;
                size = [w.parse()?, h.parse()?];
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    // The seed the script and Copydesk share, so both hold the same text.
    let article = copydesk::testkit::generate::article(words, 7);
    if let Some(path) = write {
        copydesk::storage::store::save(&path, &article)?;
        return Ok(());
    }
    let mut text = copydesk::model::markup::render(&article.body);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size(size)
            .with_title("Typing echo: bare TextEdit"),
        ..Default::default()
    };
    let mut styled = false;
    eframe::run_ui_native("typing-echo-bare", options, move |ui, _frame| {
        if !styled {
            // A still caret, as the script sets in Copydesk: a blink would
            // change pixels without a key.
            ui.ctx().all_styles_mut(|style| style.visuals.text_cursor.blink = false);
            styled = true;
        }
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.add(egui::TextEdit::multiline(&mut text).desired_width(f32::INFINITY));
        });
    })?;
    Ok(())
}
