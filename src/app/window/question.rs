//! The frame every question the window asks is drawn in: a modal window
//! that has the keyboard while it is open (on its highlighted default
//! button, unless the question put it in a field), answers Enter with that
//! button and Escape (or a click outside) with Cancel, and gives the
//! keyboard back to where it was when it closes.

use egui::{Context, Id, Key};

/// Three-way answers, in the order their buttons are drawn.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Answer {
    First,
    Second,
    Cancel,
}

/// Draws buttons in a row; returns which was clicked. The first is the
/// default: it is highlighted, takes the keyboard when nothing in the
/// question has it, and Enter runs it (Enter on another button that has
/// the keyboard runs that one).
pub(crate) fn buttons<A: Copy>(ui: &mut egui::Ui, labels: &[(&str, A)]) -> Option<A> {
    buttons_with(ui, labels, true)
}

/// [`buttons`], with Enter running the default only when `enter_answers`
/// (not while the keyboard is in a field where Enter starts a new line).
pub(crate) fn buttons_with<A: Copy>(
    ui: &mut egui::Ui,
    labels: &[(&str, A)],
    enter_answers: bool,
) -> Option<A> {
    let enter = enter_answers && ui.input(|i| i.key_pressed(Key::Enter));
    let keyboard_inside = has_keyboard(ui);
    let mut answer = None;
    ui.horizontal(|ui| {
        for (index, (label, value)) in labels.iter().enumerate() {
            let mut button = egui::Button::new(*label);
            if index == 0 {
                button = button.fill(ui.visuals().selection.bg_fill);
            }
            let response = ui.add(button);
            if index == 0 && !keyboard_inside {
                response.request_focus();
            }
            if response.clicked() {
                answer = Some(*value);
            }
        }
    });
    if answer.is_none() && enter {
        answer = labels.first().map(|(_, value)| *value);
    }
    answer
}

/// True when the widget with the keyboard is in `ui`'s layer (the
/// question's own window).
pub(crate) fn has_keyboard(ui: &egui::Ui) -> bool {
    let layer = ui.layer_id();
    ui.memory(|m| m.focused())
        .and_then(|id| ui.ctx().read_response(id))
        .is_some_and(|response| response.layer_id == layer)
}

/// A modal window; Escape or a click outside answers `Cancel`.
pub(crate) fn modal(
    ctx: &Context,
    id: &str,
    body: impl FnOnce(&mut egui::Ui) -> Option<Answer>,
) -> Option<Answer> {
    modal_answering(ctx, id, Answer::Cancel, body)
}

/// A modal window whose answers are the caller's own; Escape or a click
/// outside gives `cancel`.
pub(crate) fn modal_answering<A>(
    ctx: &Context,
    id: &str,
    cancel: A,
    body: impl FnOnce(&mut egui::Ui) -> Option<A>,
) -> Option<A> {
    opening(ctx, id);
    let shown = egui::Modal::new(Id::unique(id)).show(ctx, |ui| {
        ui.set_max_width(560.0);
        body(ui)
    });
    let answer = match shown.inner {
        Some(answer) => Some(answer),
        None if shown.should_close() => Some(cancel),
        None => None,
    };
    if answer.is_some() {
        closing(ctx, id);
    }
    answer
}

/// Where the keyboard was when a question opened, and the frame it was
/// last drawn in (a question not drawn last frame is opening again).
#[derive(Clone, Copy)]
struct Opened {
    back: Option<Id>,
    drawn: u64,
}

fn opened_id(id: &str) -> Id {
    Id::unique(("question-opened", id))
}

/// Call every frame a question (or picker) `id` is drawn: on the first,
/// it remembers where the keyboard was.
pub(crate) fn opening(ctx: &Context, id: &str) {
    let key = opened_id(id);
    let now = ctx.cumulative_pass_nr();
    let focused = ctx.memory(|m| m.focused());
    ctx.data_mut(|d| {
        let back = match d.get_temp::<Opened>(key) {
            Some(opened) if opened.drawn + 1 >= now => opened.back,
            _ => focused,
        };
        d.insert_temp(key, Opened { back, drawn: now });
    });
}

/// Call when question `id` closes: the keyboard goes back where it was
/// (see [`give_back_keyboard`]).
pub(crate) fn closing(ctx: &Context, id: &str) {
    let key = opened_id(id);
    let opened = ctx.data_mut(|d| {
        let opened = d.get_temp::<Opened>(key);
        d.remove::<Opened>(key);
        opened
    });
    if let Some(Opened { back: Some(back), .. }) = opened {
        ctx.data_mut(|d| d.insert_temp(give_back_id(), back));
    }
}

fn give_back_id() -> Id {
    Id::unique("question-give-back")
}

/// Call at the start of every frame: once no question is on screen, the
/// widget that had the keyboard before the last one gets it back, unless
/// the answer gave it to another. (While
/// a modal layer was drawn last frame, egui refuses the keyboard to what
/// is under it; a question that opened another waits for that one too.)
pub(crate) fn give_back_keyboard(ctx: &Context) {
    if ctx.memory(|m| m.top_modal_layer()).is_some() {
        return;
    }
    let back = ctx.data_mut(|d| {
        let back = d.get_temp::<Id>(give_back_id());
        d.remove::<Id>(give_back_id());
        back
    });
    // Unless the answer gave the keyboard elsewhere (a card it added).
    let taken = ctx.memory(|m| m.focused()).is_some_and(|id| ctx.read_response(id).is_some());
    if let Some(back) = back
        && !taken
    {
        ctx.memory_mut(|m| m.request_focus(back));
    }
}
