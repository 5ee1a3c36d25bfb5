//! `--screenshot FILE.png`: draws the real window until its first complete
//! frame (analysis done, preview measured), writes it as PNG and quits.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Set when the screenshot could not be written, so `main` exits non-zero.
pub static FAILED: AtomicBool = AtomicBool::new(false);

type Slot = Arc<Mutex<Option<Arc<egui::ColorImage>>>>;

pub struct Screenshot {
    path: PathBuf,
    settled_frames: u32,
    requested: bool,
    image: Slot,
    done: bool,
}

impl Screenshot {
    pub fn new(path: PathBuf) -> Screenshot {
        Screenshot { path, settled_frames: 0, requested: false, image: Slot::default(), done: false }
    }

    /// Called once per frame; returns true when the window should close.
    pub fn step(&mut self, ctx: &egui::Context, ready: bool) -> bool {
        if self.done {
            return true;
        }
        ctx.request_repaint();
        if !ready {
            self.settled_frames = 0;
            return false;
        }
        // A few quiet frames let the preview measure its rows.
        self.settled_frames += 1;
        if self.settled_frames < 4 {
            return false;
        }
        if !self.requested {
            self.requested = true;
            let slot = self.image.clone();
            let repaint = ctx.clone();
            ctx.request_screenshot(move |image| {
                if let Ok(mut slot) = slot.lock() {
                    *slot = Some(image);
                }
                repaint.request_repaint();
            });
            return false;
        }
        let image = self.image.lock().ok().and_then(|mut slot| slot.take());
        let Some(image) = image else { return false };
        if let Err(error) = write_png(&self.path, &image) {
            eprintln!("copydesk: cannot write the screenshot {}: {error}", self.path.display());
            FAILED.store(true, Ordering::SeqCst);
        } else {
            eprintln!("copydesk: wrote {}", self.path.display());
        }
        self.done = true;
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        true
    }
}

fn write_png(path: &std::path::Path, image: &egui::ColorImage) -> Result<(), String> {
    let [width, height] = image.size;
    let rgba: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_srgba_unmultiplied()).collect();
    let buffer = image::RgbaImage::from_raw(width as u32, height as u32, rgba)
        .ok_or_else(|| "the captured image has the wrong size".to_string())?;
    let mut png = std::io::Cursor::new(Vec::new());
    buffer.write_to(&mut png, image::ImageFormat::Png).map_err(|e| e.to_string())?;
    // Like every file Copydesk writes: whole or not at all.
    crate::storage::store::write_output(path, png.get_ref()).map_err(|e| e.to_string())
}
