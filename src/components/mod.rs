pub mod copy_button;
pub mod error_notice;
pub mod format;
pub mod islands;
pub mod labels;
pub mod language_switcher;
pub mod layout;
pub mod sign_in_form;
