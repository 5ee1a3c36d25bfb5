//! A time field: typed the way editors say times ("today 5pm", "friday
//! 15:00", "March 10 2026 17:00"), read and shown in the desk's time zone,
//! kept as RFC 3339 in UTC once the field is left, with "Now" and a small
//! calendar. What was typed stays until it reads as a time, so a mistake
//! is shown (and listed in the checks), never dropped.

use egui::RichText;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use crate::model::when;

/// The RFC 3339 form of a time typed another way (read in `zone`); `None`
/// when the text is empty, already RFC 3339, or not a time.
pub fn normalise(text: &str, zone: &TimeZone) -> Option<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() || trimmed.parse::<Timestamp>().is_ok() {
        return None;
    }
    when::parse(trimmed, &when::now_in(zone)).ok().map(|at| at.to_string())
}

/// Why the typed time is not usable, if it is not.
pub fn timestamp_problem(text: &str, zone: &TimeZone) -> Option<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    when::parse(trimmed, &when::now_in(zone)).err().map(|error| error.to_string())
}

/// Draws the field, reading and showing times in `zone` (the desk's);
/// returns true when the text changed.
pub fn date_field_ui(
    ui: &mut egui::Ui,
    title: &str,
    id: &str,
    text: &mut String,
    focus: bool,
    zone: &TimeZone,
) -> bool {
    let mut changed = false;
    let now_here = || when::now_in(zone);
    // The title on a line of its own, like the panel's other headings, so
    // the three time fields (published, updated, embargo) line up and
    // their buttons wrap alike: beside a title each field started where
    // its title ended and wrapped its buttons differently.
    let label = super::heading_ui(ui, title);
    ui.horizontal_wrapped(|ui| {
        // "Now" and "Calendar" stay beside the field when the panel has
        // room for both (their width as last drawn: the font decides it),
        // else go together onto the next line.
        let buttons_id = egui::Id::unique("time-field-buttons-width");
        let buttons = super::last_width(ui, buttons_id, 130.0);
        let room = ui.available_width();
        let beside = room >= 190.0 + buttons;
        let width = if beside { room - buttons } else { room };
        let response = ui.add(
            egui::TextEdit::singleline(text)
                .id(egui::Id::unique(id))
                .hint_text("today 5pm")
                .desired_width(width),
        );
        let response = response.labelled_by(label.id);
        if focus {
            response.request_focus();
        }
        changed |= response.changed();
        // Leaving the field (or Enter) turns what was typed into the
        // form the file keeps.
        if response.lost_focus()
            && let Some(normal) = normalise(text, zone)
        {
            *text = normal;
            changed = true;
        }
        if !beside {
            ui.end_row();
        }
        let now = ui.small_button("Now");
        let buttons_left = now.rect.left();
        if now.on_hover_text(format!("Set {} to the current time", title.to_lowercase())).clicked() {
            let now = Timestamp::now();
            *text = Timestamp::from_second(now.as_second()).unwrap_or(now).to_string();
            changed = true;
        }
        let picked = ui.menu_button("Calendar", |ui| calendar_ui(ui, id, text, zone));
        let spacing = ui.spacing().item_spacing.x;
        super::keep_width(ui, buttons_id, picked.response.rect.right() - buttons_left + spacing);
        if let Some(Some(picked)) = picked.inner {
            *text = picked;
            changed = true;
        }
    });
    let trimmed = text.trim();
    if !trimmed.is_empty() {
        match when::parse(trimmed, &now_here()) {
            Ok(at) if trimmed.parse::<Timestamp>().is_ok() => {
                ui.label(RichText::new(when::describe(at, zone)).weak());
            }
            Ok(at) => {
                let reads = format!("Reads as {}; Enter or Tab to use it.", when::describe(at, zone));
                ui.add(egui::Label::new(RichText::new(reads).color(ui.visuals().warn_fg_color)).wrap());
            }
            Err(error) => {
                let message = RichText::new(error.to_string()).color(ui.visuals().error_fg_color);
                ui.add(egui::Label::new(message).wrap());
            }
        }
    }
    changed
}

/// A month of days; clicking one gives the field's time on that day (the
/// time already in the field, else 09:00), in the editor's zone.
fn calendar_ui(ui: &mut egui::Ui, id: &str, text: &str, zone: &TimeZone) -> Option<String> {
    let now_here = || when::now_in(zone);
    let current = when::parse(text, &now_here()).ok().map(|at| at.to_zoned_datetime(zone.clone()));
    let time =
        current.as_ref().map_or_else(|| Time::new(9, 0, 0, 0).unwrap_or(Time::midnight()), |z| z.time());
    let shown_id = egui::Id::unique((id, "calendar-month"));
    let first_of = |date: Date| date.first_of_month();
    let default_month = first_of(current.as_ref().map_or_else(|| now_here().date(), |z| z.date()));
    let mut month: Date = ui.data(|d| d.get_temp(shown_id)).unwrap_or(default_month);
    let mut picked = None;
    ui.horizontal(|ui| {
        if ui.small_button("<").on_hover_text("Previous month").clicked() {
            month = month.checked_sub(1.month()).unwrap_or(month);
        }
        ui.label(RichText::new(month.strftime("%B %Y").to_string()).strong());
        if ui.small_button(">").on_hover_text("Next month").clicked() {
            month = month.checked_add(1.month()).unwrap_or(month);
        }
    });
    egui::Grid::new((id, "calendar")).num_columns(7).show(ui, |ui| {
        for name in ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"] {
            ui.label(RichText::new(name).weak());
        }
        ui.end_row();
        let lead = month.weekday().to_monday_zero_offset();
        for _ in 0..lead {
            ui.label("");
        }
        let mut column = lead;
        for day in 1..=month.days_in_month() {
            let Ok(date) = Date::new(month.year(), month.month(), day) else { continue };
            let chosen = current.as_ref().is_some_and(|z| z.date() == date);
            let button = ui
                .add(egui::Button::selectable(chosen, format!("{day:>2}")))
                .on_hover_text(date.strftime("%A %-d %B %Y").to_string());
            if button.clicked()
                && let Ok(at) = date.to_datetime(time).to_zoned_datetime(zone.clone())
            {
                picked = Some(at.timestamp().to_string());
                ui.close();
            }
            column += 1;
            if column == 7 {
                ui.end_row();
                column = 0;
            }
        }
    });
    ui.data_mut(|d| d.insert_temp(shown_id, month));
    picked
}
