//! Parts that pages share: the shell, layout, formatting, labels for codes, the islands and their
//! loader.

pub mod agreement_text;
pub mod claim_today;
pub mod copy_button;
pub mod data_page;
pub mod decisions;
pub mod error_notice;
pub mod format;
pub mod installment_table;
pub mod islands;
pub mod item_screen;
pub mod labels;
pub mod language_switcher;
pub mod layout;
pub mod open_plan;
pub mod page_title;
pub mod plan_calculator;
pub mod returned;
pub mod sign_in_form;
pub mod staff_bar;
pub mod upload_form;
