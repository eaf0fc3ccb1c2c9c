//! Form parts every page uses: an error summary at the top, each message by its field, labels
//! tied to inputs, and the hidden CSRF field.

use maud::{Markup, html};

use crate::domain::people::FieldError;

/// The summary at the top of a form with errors; each entry links to its field.
pub fn error_summary(errors: &[FieldError]) -> Markup {
    html! {
        @if !errors.is_empty() {
            div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" {
                h2 id="error-summary-title" { "There is a problem" }
                ul {
                    @for e in errors {
                        li { a href={ "#" (e.field) } { (e.message) } }
                    }
                }
            }
        }
    }
}

/// A problem with the whole form (not one field), shown like the summary.
pub fn form_problem(message: Option<&str>) -> Markup {
    html! {
        @if let Some(message) = message {
            div class="error-summary" role="alert" aria-labelledby="form-problem-title" {
                h2 id="form-problem-title" { "There is a problem" }
                p { (message) }
            }
        }
    }
}

pub fn csrf(token: &str) -> Markup {
    html! { input type="hidden" name="csrf_token" value=(token); }
}

fn message_for<'a>(errors: &'a [FieldError], name: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|e| e.field == name)
        .map(|e| e.message.as_str())
}

pub struct Input<'a> {
    /// The element id (and what errors and summary links name); defaults to `name`.
    pub id: &'a str,
    pub name: &'a str,
    pub label: &'a str,
    pub kind: &'a str,
    pub value: &'a str,
    pub autocomplete: Option<&'a str>,
    pub hint: Option<&'a str>,
    pub required: bool,
}

impl<'a> Input<'a> {
    pub fn new(name: &'a str, label: &'a str) -> Self {
        Self {
            id: name,
            name,
            label,
            kind: "text",
            value: "",
            autocomplete: None,
            hint: None,
            required: true,
        }
    }

    /// A distinct element id, when two forms on a page share field names.
    pub fn id(mut self, id: &'a str) -> Self {
        self.id = id;
        self
    }

    pub fn kind(mut self, kind: &'a str) -> Self {
        self.kind = kind;
        self
    }

    pub fn value(mut self, value: &'a str) -> Self {
        self.value = value;
        self
    }

    pub fn autocomplete(mut self, autocomplete: &'a str) -> Self {
        self.autocomplete = Some(autocomplete);
        self
    }

    pub fn hint(mut self, hint: &'a str) -> Self {
        self.hint = Some(hint);
        self
    }

    pub fn optional(mut self) -> Self {
        self.required = false;
        self
    }

    pub fn render(&self, errors: &[FieldError]) -> Markup {
        let error = message_for(errors, self.id);
        let hint_id = format!("{}-hint", self.id);
        let error_id = format!("{}-error", self.id);
        let described: Vec<&str> = [
            self.hint.map(|_| hint_id.as_str()),
            error.map(|_| error_id.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect();
        html! {
            div class={ "field" @if error.is_some() { " invalid" } } {
                label for=(self.id) { (self.label) @if !self.required { " (optional)" } }
                @if let Some(hint) = self.hint { p class="hint" id=(hint_id) { (hint) } }
                @if let Some(message) = error { p class="error" id=(error_id) { span class="visually-hidden" { "Error: " } (message) } }
                input type=(self.kind) id=(self.id) name=(self.name) value=(self.value)
                    autocomplete=[self.autocomplete]
                    required[self.required]
                    aria-invalid=[error.map(|_| "true")]
                    aria-describedby=[(!described.is_empty()).then(|| described.join(" "))];
            }
        }
    }
}

/// A labelled select; `options` are (value, label).
pub fn select(
    name: &str,
    label: &str,
    options: &[(String, String)],
    selected: &str,
    errors: &[FieldError],
) -> Markup {
    select_with_id(name, name, label, options, selected, errors)
}

/// A select whose element id differs from its field name.
pub fn select_with_id(
    id: &str,
    name: &str,
    label: &str,
    options: &[(String, String)],
    selected: &str,
    errors: &[FieldError],
) -> Markup {
    let error = message_for(errors, id);
    let error_id = format!("{id}-error");
    html! {
        div class={ "field" @if error.is_some() { " invalid" } } {
            label for=(id) { (label) }
            @if let Some(message) = error { p class="error" id=(error_id) { (message) } }
            select id=(id) name=(name) aria-describedby=[error.map(|_| error_id.as_str())] {
                @for (value, text) in options {
                    option value=(value) selected[value == selected] { (text) }
                }
            }
        }
    }
}

/// A group of checkboxes sharing a name; `options` are (value, label).
pub fn checkboxes(
    name: &str,
    legend: &str,
    options: &[(String, String)],
    checked: &[String],
    errors: &[FieldError],
) -> Markup {
    let error = message_for(errors, name);
    html! {
        div class={ "field" @if error.is_some() { " invalid" } } {
            fieldset {
                legend { (legend) }
                @if let Some(message) = error { p class="error" { (message) } }
                @for (index, (value, text)) in options.iter().enumerate() {
                    // The first box carries the group's id, so the error summary's link lands on it.
                    @let id = if index == 0 { name.to_owned() } else { format!("{name}-{value}") };
                    label class="checkbox" for=(id) {
                        input type="checkbox" id=(id) name=(name) value=(value) checked[checked.contains(value)];
                        (text)
                    }
                }
            }
        }
    }
}

pub fn textarea(name: &str, label: &str, value: &str, errors: &[FieldError]) -> Markup {
    let error = message_for(errors, name);
    let error_id = format!("{name}-error");
    html! {
        div class={ "field" @if error.is_some() { " invalid" } } {
            label for=(name) { (label) }
            @if let Some(message) = error { p class="error" id=(error_id) { (message) } }
            textarea id=(name) name=(name) rows="4" aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| error_id.as_str())] { (value) }
        }
    }
}
