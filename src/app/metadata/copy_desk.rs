//! The metadata panel's copy desk fields: the embargo, the target length,
//! and the search and social overrides of headline and dek (each with its
//! counter; empty means "use the headline / dek").

use egui::RichText;

use crate::editing::document::Fields;
use crate::model::article::Field;
use crate::model::when;

/// Each field's widget id, so Add Comment knows which field has the
/// keyboard.
pub const EMBARGO: &str = "field-embargo";
pub const OVERRIDES: [(Field, &str); 4] = [
    (Field::SeoTitle, "field-seo-title"),
    (Field::SeoDescription, "field-seo-description"),
    (Field::SocialTitle, "field-social-title"),
    (Field::SocialDescription, "field-social-description"),
];

/// The embargo, target length and overrides; `focus` puts the keyboard
/// in one of them.
pub(super) fn copy_desk_ui(
    ui: &mut egui::Ui,
    fields: &mut Fields,
    focus: Option<Field>,
    zone: &jiff::tz::TimeZone,
) {
    embargo_ui(ui, fields, focus == Some(Field::EmbargoUntil), zone);

    ui.horizontal(|ui| {
        let label = ui.label(RichText::new(Field::TargetWords.label()).strong());
        let mut words = fields.article.target_words.unwrap_or(0);
        let response = ui
            .add(
                // No target of its own reads as the desk's, not "0 words".
                egui::DragValue::new(&mut words)
                    .range(0..=100_000)
                    .speed(10)
                    .custom_formatter(|n, _| {
                        if n < 1.0 { "desk default".to_string() } else { format!("{n:.0} words") }
                    })
                    .custom_parser(|text| {
                        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
                        Some(digits.parse::<f64>().unwrap_or(0.0))
                    }),
            )
            .labelled_by(label.id)
            .on_hover_text("0: the desk's target for the category, if it has one");
        if focus == Some(Field::TargetWords) {
            response.request_focus();
        }
        if response.changed() {
            fields.article.target_words = (words > 0).then_some(words);
        }
    });

    let headline = fields.article.headline.trim().to_string();
    let dek = fields.article.dek.trim().to_string();
    egui::CollapsingHeader::new(RichText::new("Search and social").strong())
        .id_salt("metadata-search-social")
        .default_open(
            [
                &fields.article.seo_title,
                &fields.article.seo_description,
                &fields.article.social_title,
                &fields.article.social_description,
            ]
            .iter()
            .any(|v| v.as_deref().is_some_and(|v| !v.trim().is_empty()))
                || focus.is_some_and(|f| OVERRIDES.iter().any(|(o, _)| *o == f)),
        )
        .show(ui, |ui| {
            ui.label(RichText::new("Empty: the headline and dek are used.").small().weak());
            let article = &mut fields.article;
            // (field, value, fallback, soft and hard limits in characters)
            let rows: [(Field, &mut Option<String>, &str, usize, usize); 4] = [
                (Field::SeoTitle, &mut article.seo_title, &headline, 60, 70),
                (Field::SeoDescription, &mut article.seo_description, &dek, 140, 160),
                (Field::SocialTitle, &mut article.social_title, &headline, 60, 90),
                (Field::SocialDescription, &mut article.social_description, &dek, 160, 200),
            ];
            for ((field, value, fallback, soft, hard), (_, id)) in rows.into_iter().zip(OVERRIDES) {
                override_ui(ui, field, id, value, fallback, (soft, hard), focus == Some(field));
            }
        });
}

fn override_ui(
    ui: &mut egui::Ui,
    field: Field,
    id: &str,
    value: &mut Option<String>,
    fallback: &str,
    (soft, hard): (usize, usize),
    focus: bool,
) {
    let mut text = value.clone().unwrap_or_default();
    let shown = if text.trim().is_empty() { fallback } else { text.trim() };
    let label = ui
        .horizontal(|ui| {
            let label = ui.label(field.label());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                super::counter_ui(ui, shown.chars().count(), soft, hard, " · long");
            });
            label
        })
        .inner;
    let response = ui
        .add(
            egui::TextEdit::multiline(&mut text)
                .id(egui::Id::unique(id))
                .hint_text(fallback)
                .desired_rows(1)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if focus {
        response.request_focus();
        response.scroll_to_me(Some(egui::Align::Center));
    }
    if response.changed() {
        let text = text.replace(['\r', '\n'], " ");
        *value = (!text.trim().is_empty()).then_some(text);
    }
}

/// The embargo as typed: a text kept while the editor types it (in
/// egui's memory, beside the value it was last in step with), read into
/// `embargo_until` whenever it names a time; emptied, no embargo.
/// Times are typed and shown in `zone`, the desk's, like the other times.
fn embargo_ui(ui: &mut egui::Ui, fields: &mut Fields, focus: bool, zone: &jiff::tz::TimeZone) {
    let memory = egui::Id::unique(("embargo-typed", EMBARGO));
    let value = fields.article.embargo_until;
    let typed: Option<(String, Option<jiff::Timestamp>)> = ui.data(|d| d.get_temp(memory));
    let mut text = match typed {
        // Undo, a reload or another tab changed the value: show it.
        Some((text, seen)) if seen == value => text,
        _ => value.map(|at| at.to_string()).unwrap_or_default(),
    };
    let changed = super::date_field::date_field_ui(ui, "Embargo until", EMBARGO, &mut text, focus, zone);
    if changed {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            fields.article.embargo_until = None;
        } else if let Ok(at) = when::parse(trimmed, &when::now_in(zone)) {
            fields.article.embargo_until = Some(at);
        }
    }
    ui.data_mut(|d| d.insert_temp(memory, (text, fields.article.embargo_until)));
}
