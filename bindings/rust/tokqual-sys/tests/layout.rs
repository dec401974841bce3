//! Every struct size, alignment, field offset and field size, every enum value and every
//! TQ_ macro of the header, as the C compiler sees them (the probe build.rs generates
//! from the header in use), against the hand-written Rust declarations. A struct, field,
//! enum value or macro that the header has and this file does not list fails too, so a
//! new declaration in the header cannot go unnoticed.

use std::collections::BTreeMap;
use std::mem::{align_of, offset_of, size_of};

use tokqual_sys as sys;

fn field_size<T, F>(_field: impl Fn(&T) -> &F) -> usize {
    size_of::<F>()
}

macro_rules! structs {
    ($map:ident; $( $s:ident { $($f:ident),* $(,)? } )*) => {$(
        $map.insert(format!("sizeof({})", stringify!($s)), size_of::<sys::$s>() as i64);
        $map.insert(format!("alignof({})", stringify!($s)), align_of::<sys::$s>() as i64);
        $(
            $map.insert(format!("offsetof({}, {})", stringify!($s), stringify!($f)),
                        offset_of!(sys::$s, $f) as i64);
            $map.insert(format!("sizeof({}.{})", stringify!($s), stringify!($f)),
                        field_size(|v: &sys::$s| &v.$f) as i64);
        )*
    )*};
}

macro_rules! enums {
    ($map:ident; $( $e:ident { $($c:ident),* $(,)? } )*) => {$(
        $map.insert(format!("sizeof({})", stringify!($e)), size_of::<sys::$e>() as i64);
        $( $map.insert(stringify!($c).to_string(), i64::from(sys::$c)); )*
    )*};
}

/// What the Rust declarations say, keyed as the C probe names its numbers.
fn rust_numbers() -> BTreeMap<String, i64> {
    let mut map = BTreeMap::new();
    structs! { map;
        tq_score_options { struct_size, token_method, sentence_method, temperature, n_threads }
        tq_format_issues_options { struct_size, top, highlight_before, highlight_after }
        tq_common_issues_options { struct_size, top, verbose }
        tq_find_options {
            struct_size, filter_by, rank_by, frac_noise, num_to_remove_per_class,
            min_examples_per_class, n_threads, adjust_pred_probs,
        }
        tq_inspector_options { struct_size, rank_by, adjust_pred_probs, num_issues_method, n_threads }
    }
    enums! { map;
        tq_status {
            TQ_OK, TQ_ERR_NULL_ARGUMENT, TQ_ERR_INVALID_SIZE, TQ_ERR_INVALID_OFFSETS,
            TQ_ERR_INVALID_LABEL, TQ_ERR_INVALID_PROBABILITY, TQ_ERR_INVALID_OPTION,
            TQ_ERR_INVALID_STRUCT_SIZE, TQ_ERR_INVALID_VALUE, TQ_ERR_BUFFER_TOO_SMALL,
            TQ_ERR_OUT_OF_MEMORY, TQ_ERR_INTERNAL, TQ_ERR_INVALID_STATE,
        }
        tq_token_method { TQ_SELF_CONFIDENCE, TQ_NORMALIZED_MARGIN, TQ_CONFIDENCE_WEIGHTED_ENTROPY }
        tq_sentence_method { TQ_MIN, TQ_SOFTMIN }
        tq_filter_method {
            TQ_PRUNE_BY_NOISE_RATE, TQ_PRUNE_BY_CLASS, TQ_BOTH, TQ_CONFIDENT_LEARNING,
            TQ_PREDICTED_NEQ_GIVEN, TQ_LOW_NORMALIZED_MARGIN, TQ_LOW_SELF_CONFIDENCE,
        }
        tq_num_issues_method { TQ_OFF_DIAGONAL, TQ_OFF_DIAGONAL_CALIBRATED }
    }
    // Function pointer types.
    map.insert(
        "sizeof(tq_sentence_predicate)".into(),
        size_of::<sys::tq_sentence_predicate>() as i64,
    );
    // Numeric macros.
    for (name, value) in [
        ("TQ_VERSION_MAJOR", sys::TQ_VERSION_MAJOR),
        ("TQ_VERSION_MINOR", sys::TQ_VERSION_MINOR),
        ("TQ_VERSION_PATCH", sys::TQ_VERSION_PATCH),
        ("TQ_VERSION_NUMBER", sys::TQ_VERSION_NUMBER),
    ] {
        map.insert(name.into(), i64::from(value));
    }
    map
}

fn rust_strings() -> BTreeMap<String, Vec<u8>> {
    [
        ("TQ_ANSI_RED", sys::TQ_ANSI_RED),
        ("TQ_ANSI_RESET", sys::TQ_ANSI_RESET),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_string(), value.to_bytes().to_vec()))
    .collect()
}

/// Lists every difference between the two maps, one line each.
fn differences<V: PartialEq + std::fmt::Debug>(
    c: &BTreeMap<String, V>,
    rust: &BTreeMap<String, V>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, c_value) in c {
        match rust.get(name) {
            None => problems.push(format!(
                "{name} = {c_value:?} in the header, not declared in Rust"
            )),
            Some(value) if value != c_value => {
                problems.push(format!("{name}: header {c_value:?}, Rust {value:?}"))
            }
            Some(_) => {}
        }
    }
    for name in rust.keys().filter(|name| !c.contains_key(*name)) {
        problems.push(format!("{name}: declared in Rust, not in the header"));
    }
    problems
}

#[test]
fn numbers_match_the_header() {
    let c: BTreeMap<String, i64> = sys::layout_probe::numbers()
        .map(|(name, value)| (name.to_string(), value))
        .collect();
    assert!(
        c.len() > 50,
        "the probe found too little in the header: {c:?}"
    );
    let problems = differences(&c, &rust_numbers());
    assert!(
        problems.is_empty(),
        "tokqual-sys differs from {}:\n  {}",
        env!("TOKQUAL_SYS_HEADER"),
        problems.join("\n  ")
    );
}

#[test]
fn string_macros_match_the_header() {
    let c: BTreeMap<String, Vec<u8>> = sys::layout_probe::strings()
        .map(|(name, value)| (name.to_string(), value.to_vec()))
        .collect();
    let problems = differences(&c, &rust_strings());
    assert!(
        problems.is_empty(),
        "tokqual-sys differs from {}:\n  {}",
        env!("TOKQUAL_SYS_HEADER"),
        problems.join("\n  ")
    );
}

#[test]
fn linked_library_matches_the_declared_version() {
    // SAFETY: no arguments; returns a plain integer.
    let loaded = unsafe { sys::tq_version_number() };
    assert_eq!(
        loaded / 10000,
        sys::TQ_VERSION_MAJOR,
        "a library of another major version"
    );
    assert!(
        loaded >= sys::TQ_VERSION_NUMBER,
        "the library is older than these declarations"
    );
}
