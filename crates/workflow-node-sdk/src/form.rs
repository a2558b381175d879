//! Builders of the contract's form records, every optional part empty, so
//! that a node writes only what differs.

use serde_json::{Value, json};

use crate::types::{
    DisplayCondition, DisplayOptions, OptionValue, Property, PropertyType, TypeOptions,
};

/// A property with every optional part empty.
pub fn property(name: &str, display_name: &str, type_: PropertyType, default: Value) -> Property {
    Property {
        name: name.into(),
        display_name: display_name.into(),
        type_,
        default: default.to_string(),
        required: false,
        description: None,
        hint: None,
        placeholder: None,
        options: Vec::new(),
        display_options: None,
        type_options: None,
        no_data_expression: false,
        parent: None,
        group: None,
    }
}

/// Type options with every part empty.
pub fn type_options() -> TypeOptions {
    TypeOptions {
        password: false,
        rows: None,
        min_value: None,
        max_value: None,
        number_precision: None,
        load_options_method: None,
        load_options_depends_on: Vec::new(),
        multiple_values: false,
        locator_modes: Vec::new(),
    }
}

/// Type options of a whole number from `min` to `max`.
pub fn whole_number(min: u64, max: u64) -> TypeOptions {
    TypeOptions {
        min_value: Some(min as f64),
        max_value: Some(max as f64),
        number_precision: Some(0),
        ..type_options()
    }
}

/// One choice of an options field: label, value (text), help, action label.
pub fn choice(
    name: &str,
    value: &str,
    description: Option<&str>,
    action: Option<&str>,
) -> OptionValue {
    OptionValue {
        name: name.into(),
        value: json!(value).to_string(),
        description: description.map(Into::into),
        action: action.map(Into::into),
    }
}

/// Shown only when each named property has one of the given values.
pub fn show(conditions: &[(&str, &[&str])]) -> DisplayOptions {
    DisplayOptions {
        show: conditions
            .iter()
            .map(|(property, values)| condition(property, values))
            .collect(),
        hide: Vec::new(),
    }
}

/// The condition "`property` is one of `values`".
pub fn condition(property: &str, values: &[&str]) -> DisplayCondition {
    DisplayCondition {
        property: property.into(),
        values: values.iter().map(|v| json!(v).to_string()).collect(),
    }
}
