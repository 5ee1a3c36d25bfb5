//! The metadata panel: headline, dek, slug, category, tags, bylines,
//! status, times, share targets and related links, with live counters.

pub(crate) mod copy_desk;
pub(crate) mod date_field;
pub(crate) mod lead_image;
pub(crate) mod related;
pub(crate) mod status;

use egui::{Color32, RichText};

use crate::app::commands::Command;
use crate::app::window::dropdown;
use crate::editing::document::{Document, Fields};
use crate::model::article::{Field, ImagePart};
use crate::model::article::{Related, ShareTarget, Status};
use crate::model::slug;
use crate::rules::check::Limits;

/// Draws extra controls under related link `n` (its state against the
/// desk); returns a replacement link when the editor refreshed it.
pub type RelatedExtras<'a> = &'a mut dyn FnMut(&mut egui::Ui, usize, &Related) -> Option<Related>;

/// What the panel needs besides the document.
pub struct Context<'a> {
    pub categories: &'a [String],
    pub limits: Limits,
    /// A field to focus this frame (from the checks panel).
    pub focus: Option<Field>,
    /// A related card to focus this frame (a finding about link `n`).
    pub focus_related: Option<usize>,
    /// Draws each related link's state against the desk.
    pub related_extras: Option<RelatedExtras<'a>>,
    /// A desk is open: offer the related-link picker.
    pub desk_open: bool,
    /// The slug as saved, to warn when a published story's URL changes.
    pub saved_slug: String,
    /// Misspelled words (byte ranges) in the headline and dek, when the
    /// latest analysis is of what the fields hold now.
    pub headline_misspelled: &'a [std::ops::Range<usize>],
    pub dek_misspelled: &'a [std::ops::Range<usize>],
    /// The other editors in the live room (their carets in the headline
    /// and dek are drawn).
    pub peers: &'a [crate::editing::live::Peer],
    /// Where those carets were drawn this frame.
    pub carets_drawn: &'a mut Vec<crate::app::live::Drawn>,
    /// The article's pictures, for the lead image's thumbnail.
    pub pictures: crate::app::preview::pictures::Shelf<'a>,
    /// The zone times are typed and shown in (the desk's).
    pub zone: &'a jiff::tz::TimeZone,
}

/// The field whose widget has id `id` (for Add Comment on the field with
/// the keyboard).
pub(crate) fn field_of_widget(id: egui::Id) -> Option<Field> {
    let named = [
        (Field::Headline, "field-headline"),
        (Field::Dek, "field-dek"),
        (Field::Slug, "field-slug"),
        (Field::PublishedAt, "field-published"),
        (Field::UpdatedAt, "field-updated"),
        (Field::EmbargoUntil, copy_desk::EMBARGO),
    ];
    let found = named.into_iter().chain(copy_desk::OVERRIDES).find(|(_, name)| egui::Id::unique(*name) == id);
    if let Some((field, _)) = found {
        return Some(field);
    }
    (0..64).find_map(|index| {
        [(Field::Bylines, "field-byline"), (Field::Tags, "field-tag")]
            .into_iter()
            .find(|(_, name)| egui::Id::unique((*name, index)) == id)
            .map(|(field, _)| field)
    })
}

/// Wavy underlines under misspelled words of a metadata field.
fn underline(
    ui: &egui::Ui,
    output: &egui::text_edit::TextEditOutput,
    text: &str,
    words: &[std::ops::Range<usize>],
) {
    let chars = |byte: usize| text.get(..byte).map_or(0, |head| head.chars().count());
    let ranges: Vec<std::ops::Range<usize>> = words.iter().map(|r| chars(r.start)..chars(r.end)).collect();
    let mut rows = crate::app::editor::spelling::RowIndex::default();
    crate::app::editor::spelling::underline(
        ui,
        &output.galley,
        output.galley_pos,
        output.text_clip_rect,
        &ranges,
        &mut rows,
    );
}

/// A live counter: amber with a word past the soft limit, red with a word
/// past the hard one (the word, so the state does not rest on colour alone).
fn counter(ui: &mut egui::Ui, count: usize, soft: usize, hard: usize, soft_word: &str) {
    let (color, word) = if count > hard {
        (Color32::from_rgb(200, 40, 40), " · too long")
    } else if count > soft {
        (Color32::from_rgb(200, 130, 0), soft_word)
    } else {
        (ui.visuals().weak_text_color(), "")
    };
    ui.add(egui::Label::new(RichText::new(format!("{count}/{hard}{word}")).color(color)).wrap());
}

fn heading(ui: &mut egui::Ui, text: &str) -> egui::Response {
    ui.label(RichText::new(text).strong())
}

/// Draws the panel over the document's fields; returns the commands it
/// issued. The document records whatever the panel changed.
pub fn show(ui: &mut egui::Ui, doc: &mut Document, context: Context) -> Vec<Command> {
    doc.edit_fields(|fields| fields_ui(ui, fields, context))
}

fn fields_ui(ui: &mut egui::Ui, fields: &mut Fields, context: Context) -> Vec<Command> {
    let mut commands = Vec::new();
    let limits = context.limits;
    let focus = context.focus;
    let focus_on = |response: &egui::Response, field: Field| {
        if focus == Some(field) {
            response.request_focus();
            response.scroll_to_me(Some(egui::Align::Center));
        }
    };

    // Headline.
    let label = ui
        .horizontal(|ui| {
            let label = heading(ui, Field::Headline.label());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                counter(
                    ui,
                    fields.article.headline.trim().chars().count(),
                    limits.headline_search,
                    limits.headline_max,
                    " · long for search",
                );
            });
            label
        })
        .inner;
    // Wrapped, so a long headline is read whole rather than by its tail.
    let output = egui::TextEdit::multiline(&mut fields.article.headline)
        .id(egui::Id::unique("field-headline"))
        .hint_text("Headline")
        .desired_rows(1)
        .desired_width(f32::INFINITY)
        .font(egui::TextStyle::Heading)
        .show(ui);
    underline(ui, &output, &fields.article.headline, context.headline_misspelled);
    context.carets_drawn.extend(crate::app::live::paint_field_carets(
        ui,
        context.peers,
        Field::Headline,
        &fields.article.headline,
        &output,
    ));
    let response = output.response.response.labelled_by(label.id);
    focus_on(&response, Field::Headline);
    if response.changed() {
        // A headline is one line: Enter or a pasted newline is a space.
        if fields.article.headline.contains(['\r', '\n']) {
            fields.article.headline = fields.article.headline.replace(['\r', '\n'], " ");
        }
        if fields.slug_linked {
            fields.article.slug = slug::suggest(&fields.article.headline);
        }
    }

    // Dek.
    ui.add_space(6.0);
    let label = ui
        .horizontal(|ui| {
            let label = heading(ui, Field::Dek.label());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                counter(
                    ui,
                    fields.article.dek.trim().chars().count(),
                    limits.dek_max * 7 / 8,
                    limits.dek_max,
                    " · near limit",
                );
            });
            label
        })
        .inner;
    let output = egui::TextEdit::multiline(&mut fields.article.dek)
        .id(egui::Id::unique("field-dek"))
        .hint_text("Dek")
        .desired_rows(2)
        .desired_width(f32::INFINITY)
        .show(ui);
    underline(ui, &output, &fields.article.dek, context.dek_misspelled);
    context.carets_drawn.extend(crate::app::live::paint_field_carets(
        ui,
        context.peers,
        Field::Dek,
        &fields.article.dek,
        &output,
    ));
    let response = output.response.response.labelled_by(label.id);
    focus_on(&response, Field::Dek);
    if response.changed() {
        // A dek is one paragraph; a pasted newline becomes a space.
        if fields.article.dek.contains('\n') {
            fields.article.dek = fields.article.dek.replace(['\r', '\n'], " ");
        }
    }

    // Slug.
    ui.add_space(6.0);
    let label = ui
        .horizontal(|ui| {
            let label = heading(ui, Field::Slug.label());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                counter(
                    ui,
                    fields.article.slug.len(),
                    limits.slug_max * 4 / 5,
                    limits.slug_max,
                    " · near limit",
                );
            });
            label
        })
        .inner;
    ui.horizontal(|ui| {
        let link_label = if fields.slug_linked { "Follows headline" } else { "Re-link" };
        let button = ui
            .add_enabled(!fields.slug_linked, egui::Button::new(link_label).small())
            .on_hover_text("Make the slug follow the headline again")
            .on_disabled_hover_text("The slug follows the headline until you type one");
        if button.clicked() {
            commands.push(Command::RelinkSlug);
        }
        let response = ui.add(
            egui::TextEdit::singleline(&mut fields.article.slug)
                .id(egui::Id::unique("field-slug"))
                .hint_text("Slug")
                .desired_width(f32::INFINITY)
                .font(egui::TextStyle::Monospace),
        );
        let response = response.labelled_by(label.id);
        focus_on(&response, Field::Slug);
        if response.changed() {
            fields.slug_linked = false;
        }
    });
    if !fields.article.slug.is_empty()
        && let Err(reason) = slug::validate(&fields.article.slug)
    {
        ui.add(
            egui::Label::new(
                RichText::new(format!("Invalid slug: {reason}")).color(ui.visuals().error_fg_color),
            )
            .wrap(),
        );
    }
    if fields.article.status == Status::Published
        && !context.saved_slug.is_empty()
        && fields.article.slug != context.saved_slug
    {
        ui.add(
            egui::Label::new(
                RichText::new(format!(
                    "This story is published: changing the slug changes its public URL (/{} → /{}). Old links break.",
                    context.saved_slug, fields.article.slug
                ))
                .color(ui.visuals().warn_fg_color),
            )
            .wrap(),
        );
    }

    // Category and status.
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let label = heading(ui, Field::Category.label());
        let current = fields.article.category.clone();
        let response = egui::ComboBox::from_id_salt("field-category")
            .selected_text(if current.is_empty() { "Choose…" } else { current.as_str() })
            .width(150.0)
            .show_ui(ui, |ui| {
                let mut options: Vec<&str> = context.categories.iter().map(String::as_str).collect();
                if !current.is_empty() && !options.contains(&current.as_str()) {
                    options.push(current.as_str());
                }
                let mut chosen = false;
                for option in options {
                    if ui.selectable_label(option == current, option).clicked() {
                        if option != current {
                            fields.article.category = option.to_string();
                        }
                        // Chosen by Enter as by a click: the list goes.
                        ui.close();
                        chosen = true;
                    }
                }
                chosen
            });
        let response = dropdown::chosen_keeps_keyboard(response).labelled_by(label.id);
        focus_on(&response, Field::Category);
    });
    ui.horizontal(|ui| {
        let label = heading(ui, Field::Status.label());
        let current = fields.article.status;
        let response = egui::ComboBox::from_id_salt("field-status")
            .selected_text(current.label())
            .width(150.0)
            .show_ui(ui, |ui| {
                let mut chosen = false;
                for status in Status::ALL {
                    if ui.selectable_label(status == current, status.label()).clicked() {
                        if status != current {
                            commands.push(Command::SetStatus(status));
                        }
                        ui.close();
                        chosen = true;
                    }
                }
                chosen
            });
        let response = dropdown::chosen_keeps_keyboard(response).labelled_by(label.id);
        focus_on(&response, Field::Status);
    });

    // Bylines and tags.
    ui.add_space(6.0);
    string_list(
        ui,
        Field::Bylines.label(),
        "Byline",
        "field-byline",
        &mut fields.article.bylines,
        focus == Some(Field::Bylines),
    );
    string_list(
        ui,
        Field::Tags.label(),
        "Tag",
        "field-tag",
        &mut fields.article.tags,
        focus == Some(Field::Tags),
    );

    // Times.
    ui.add_space(6.0);
    crate::app::metadata::date_field::date_field_ui(
        ui,
        "Published",
        "field-published",
        &mut fields.published_text,
        focus == Some(Field::PublishedAt),
        context.zone,
    );
    crate::app::metadata::date_field::date_field_ui(
        ui,
        "Updated",
        "field-updated",
        &mut fields.updated_text,
        focus == Some(Field::UpdatedAt),
        context.zone,
    );
    copy_desk::copy_desk_ui(ui, fields, focus, context.zone);

    // Share targets.
    ui.add_space(6.0);
    heading(ui, Field::Share.label());
    ui.horizontal_wrapped(|ui| {
        for target in ShareTarget::ALL {
            let mut on = fields.article.share.contains(&target);
            if ui.checkbox(&mut on, target.label()).changed() {
                if on {
                    fields.article.share.push(target);
                    // Keep the bar in its usual order whatever the clicking order.
                    fields.article.share.sort();
                } else {
                    fields.article.share.retain(|t| *t != target);
                }
            }
        }
    });

    // Lead image.
    ui.add_space(6.0);
    let mut pictures = context.pictures;
    // A finding about the picture as a whole puts the keyboard in its alt
    // text, the part an editor most often has to write.
    let image_focus = match focus {
        Some(Field::Image) => Some(ImagePart::Alt),
        Some(field) => field.image_part(),
        None => None,
    };
    commands.extend(crate::app::metadata::lead_image::lead_image_ui(
        ui,
        &mut fields.article.image,
        &mut pictures,
        image_focus,
    ));

    // Related links.
    ui.add_space(6.0);
    let related_heading = heading(ui, Field::Related.label());
    if focus == Some(Field::Related) {
        related_heading.scroll_to_me(Some(egui::Align::Center));
    }
    let mut extras = context.related_extras;
    related_list(ui, &mut fields.article.related, &mut extras, context.focus_related);
    if context.desk_open && ui.small_button("+ Add from desk…").clicked() {
        commands.push(Command::OpenRelatedPicker);
    }

    commands
}

/// An editable list of short strings (bylines, tags).
fn string_list(
    ui: &mut egui::Ui,
    title: &str,
    item: &str,
    id: &str,
    values: &mut Vec<String>,
    focus: bool,
) -> bool {
    let mut changed = false;
    heading(ui, title);
    let mut remove = None;
    // Enter in a filled field starts the next one after it.
    let mut insert = None;
    // Enter in an empty one ends the list: the keyboard goes to "+ Add".
    let mut ended = false;
    // The field "+ Add" (or Enter) created gets the keyboard on the frame
    // it appears.
    let pending = egui::Id::unique((id, "focus-new"));
    let focus_new: Option<usize> = ui.data_mut(|d| d.remove_temp(pending));
    for (index, value) in values.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            let name = format!("{item} {}", index + 1);
            if ui.small_button("×").on_hover_text(format!("Remove {}", name.to_lowercase())).clicked() {
                remove = Some(index);
            }
            let response = ui
                .add(
                    egui::TextEdit::singleline(value)
                        .id(egui::Id::unique((id, index)))
                        .hint_text(name.clone())
                        .desired_width(f32::INFINITY),
                )
                .accessible_name(name);
            if (focus && index == 0) || focus_new == Some(index) {
                response.request_focus();
                response.scroll_to_me(None);
            }
            changed |= response.changed();
            // Enter: typing goes on into a new entry ("Ukraine", Enter,
            // "diplomacy"); Enter in an empty one ends the list there.
            if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                if value.trim().is_empty() {
                    remove = Some(index);
                    ended = true;
                } else {
                    insert = Some(index + 1);
                }
            }
        });
    }
    if let Some(index) = remove {
        values.remove(index);
        changed = true;
    }
    if let Some(index) = insert {
        values.insert(index, String::new());
        // Focused now, so a key typed before the next frame lands in it.
        ui.memory_mut(|m| m.request_focus(egui::Id::unique((id, index))));
        ui.data_mut(|d| d.insert_temp(pending, index));
        changed = true;
    }
    // An id of its own, the same once the list is a row shorter, so the
    // keyboard given to it stays on it (Tab goes on to the next field).
    let scope = egui::UiBuilder::new().scope_id(ui.scope_id().with((id, "add")));
    let add = ui.scope_builder(scope, |ui| ui.small_button(format!("+ Add {}", item.to_lowercase()))).inner;
    if ended {
        add.request_focus();
    }
    if focus && values.is_empty() {
        add.scroll_to_me(Some(egui::Align::Center));
    }
    if add.clicked() {
        values.push(String::new());
        ui.data_mut(|d| d.insert_temp(pending, values.len() - 1));
        changed = true;
    }
    changed
}

fn related_list(
    ui: &mut egui::Ui,
    related: &mut Vec<Related>,
    extras: &mut Option<RelatedExtras>,
    focus: Option<usize>,
) -> bool {
    let mut changed = false;
    let mut action: Option<(usize, i32)> = None;
    let count = related.len();
    for (index, link) in related.iter_mut().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let header =
                ui.horizontal(|ui| ui.label(RichText::new(format!("Related {}", index + 1)).strong()));
            changed |= related_fields(ui, index, link, focus == Some(index));
            if let Some(extras) = extras.as_mut()
                && let Some(refreshed) = extras(ui, index, link)
            {
                *link = refreshed;
                changed = true;
            }
            // The card's buttons sit on its header row but come after its
            // fields in the Tab order: Tab from the field above the card
            // goes into the card, not onto its ×.
            let row = egui::Rect::from_x_y_ranges(ui.min_rect().x_range(), header.response.rect.y_range());
            let layout = egui::Layout::right_to_left(egui::Align::Center);
            ui.scope_builder(egui::UiBuilder::new().max_rect(row).layout(layout), |ui| {
                if ui.small_button("×").on_hover_text(format!("Remove related link {}", index + 1)).clicked()
                {
                    action = Some((index, 0));
                }
                if ui
                    .add_enabled(index + 1 < count, egui::Button::new("↓").small())
                    .on_hover_text(format!("Move related link {} down", index + 1))
                    .clicked()
                {
                    action = Some((index, 1));
                }
                if ui
                    .add_enabled(index > 0, egui::Button::new("↑").small())
                    .on_hover_text(format!("Move related link {} up", index + 1))
                    .clicked()
                {
                    action = Some((index, -1));
                }
            });
        });
    }
    match action {
        Some((index, 0)) => {
            related.remove(index);
            changed = true;
        }
        Some((index, -1)) if index > 0 => {
            related.swap(index, index - 1);
            changed = true;
        }
        Some((index, 1)) if index + 1 < related.len() => {
            related.swap(index, index + 1);
            changed = true;
        }
        _ => {}
    }
    ui.horizontal_wrapped(|ui| {
        if ui.small_button("+ Add related link").clicked() {
            related.push(Related::default());
            changed = true;
        }
        if ui
            .small_button("+ Add link outside the desk")
            .on_hover_text("A card for a page that is not a desk article, by its https:// address")
            .clicked()
        {
            related.push(outside_link());
            ui.data_mut(|d| d.insert_temp(egui::Id::unique("related-focus-new"), related.len() - 1));
            changed = true;
        }
    });
    changed
}

/// A new card for a page outside the desk: its address starts the way
/// every such address must.
pub fn outside_link() -> Related {
    Related { slug: "https://".into(), ..Related::default() }
}

/// The fields of one related card: a desk article's title, slug, category
/// and teaser, or a page outside the desk's address in place of the slug
/// (first, as it is what such a card is made from). `focus` puts the
/// keyboard in its first field.
fn related_fields(ui: &mut egui::Ui, index: usize, link: &mut Related, focus: bool) -> bool {
    let mut changed = false;
    let new_card = egui::Id::unique("related-focus-new");
    let is_new = ui.data(|d| d.get_temp::<usize>(new_card)) == Some(index);
    if is_new {
        ui.data_mut(|d| d.remove::<usize>(new_card));
    }
    let focus = focus || is_new;
    let outside = link.address().is_some();
    egui::Grid::new(("related-card", index)).num_columns(2).spacing([6.0, 4.0]).show(ui, |ui| {
        let Related { slug, category, title, teaser } = link;
        let fields: [(&str, &str, &mut String); 4] = if outside {
            [
                ("URL", "URL:", slug),
                ("title", "Title:", title),
                ("category", "Category:", category),
                ("teaser", "Teaser:", teaser),
            ]
        } else {
            [
                ("title", "Title:", title),
                ("slug", "Slug:", slug),
                ("category", "Category:", category),
                ("teaser", "Teaser:", teaser),
            ]
        };
        for (row, (name, shown, value)) in fields.into_iter().enumerate() {
            let accessible = format!("Related {} {name}", index + 1);
            ui.label(shown);
            let response = ui
                .add(
                    egui::TextEdit::singleline(value)
                        .id(egui::Id::unique(("related", index, name)))
                        .hint_text(accessible.clone())
                        .desired_width(f32::INFINITY),
                )
                .accessible_name(accessible);
            if focus && row == 0 {
                response.request_focus();
                response.scroll_to_me(Some(egui::Align::Center));
            }
            if response.changed() && name == "URL" {
                // A whole address pasted after the https:// the card
                // starts with keeps only its own scheme.
                for doubled in ["https://https://", "https://http://"] {
                    if value.starts_with(doubled) {
                        value.replace_range(.."https://".len(), "");
                    }
                }
            }
            changed |= response.changed();
            ui.end_row();
        }
    });
    changed
}
