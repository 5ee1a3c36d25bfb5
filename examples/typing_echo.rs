//! The baseline for measuring typing echo: a bare eframe window holding one
//! egui `TextEdit` with an article's body, the same text Copydesk would
//! show, and nothing else. Type into it and into Copydesk under Xvfb to
//! compare the time from key to changed pixels.
//!
//! `cargo run --release --example typing_echo -- FILE.ron`

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: typing_echo FILE.ron");
        return ExitCode::from(2);
    };
    let article = match copydesk::store::load(std::path::Path::new(&path)) {
        Ok(article) => article,
        Err(error) => {
            eprintln!("typing_echo: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut body = copydesk::markup::render(&article.body);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default().with_title("Typing echo").with_inner_size([1280.0, 800.0]),
        persist_window: false,
        ..Default::default()
    };
    let mut first = true;
    let result = eframe::run_ui_native("Typing echo", options, move |ui, _frame| {
        if first {
            // A still caret: a blink would count as an echo.
            ui.ctx().all_styles_mut(|style| style.visuals.text_cursor.blink = false);
        }
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                let response = ui.add(
                    egui::TextEdit::multiline(&mut body)
                        .id(egui::Id::unique("typing-echo"))
                        .desired_width(f32::INFINITY),
                );
                if std::mem::take(&mut first) {
                    response.request_focus();
                }
            });
        });
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("typing_echo: cannot open the window: {error}");
            ExitCode::FAILURE
        }
    }
}
