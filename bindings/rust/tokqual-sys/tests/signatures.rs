//! Every function the header declares against the hand-written `extern "C"` declarations
//! in src/lib.rs: the same functions, argument names and types (translated as the crate
//! documents: int64_t -> i64, const T * -> *const T, ...) and return types. Together with
//! tests/layout.rs this keeps the declarations from drifting away from the header.

use std::collections::BTreeMap;

/// (argument names and Rust types, Rust return type or "" for none) by function name.
type Signatures = BTreeMap<String, (Vec<(String, String)>, String)>;

fn strip_c_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = match rest[start + 2..].find("*/") {
            Some(end) => &rest[start + 2 + end + 2..],
            None => "",
        };
        out.push(' ');
    }
    out.push_str(rest);
    out
}

/// Splits on commas outside parentheses and angle brackets.
fn split_top_level(text: &str) -> Vec<String> {
    let (mut parts, mut current, mut depth) = (Vec::new(), String::new(), 0i32);
    for c in text.chars() {
        match c {
            '(' | '<' => depth += 1,
            ')' | '>' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The Rust spelling of a C type ("const int64_t *" -> "*const i64").
fn rust_type_of_c(c_type: &str) -> String {
    let spaced = c_type.replace('*', " * ");
    let (mut base, mut pointee_const, mut pointers) = (String::new(), false, Vec::new());
    for token in spaced.split_whitespace() {
        match token {
            "const" => pointee_const = true,
            "*" => {
                pointers.push(pointee_const);
                pointee_const = false;
            }
            name => base = name.to_string(),
        }
    }
    let mut rust = match base.as_str() {
        "int64_t" => "i64",
        "int32_t" => "i32",
        "int16_t" => "i16",
        "int8_t" => "i8",
        "uint64_t" => "u64",
        "uint32_t" => "u32",
        "uint16_t" => "u16",
        "uint8_t" => "u8",
        "size_t" => "usize",
        "double" => "f64",
        "float" => "f32",
        "char" => "c_char",
        "int" => "c_int",
        "void" if pointers.is_empty() => "",
        "void" => "c_void",
        other => other, // tq_ types keep their names
    }
    .to_string();
    for is_const in pointers {
        rust = format!("{}{rust}", if is_const { "*const " } else { "*mut " });
    }
    rust
}

fn header_signatures(header: &str) -> Signatures {
    let code = strip_c_comments(header);
    let mut signatures = Signatures::new();
    let mut rest = code.as_str();
    // Declarations start a line with TQ_API (the macro's own #define lines do not).
    while let Some(start) = rest.find("\nTQ_API ") {
        rest = &rest[start + "\nTQ_API ".len()..];
        let Some(end) = rest.find(';') else { break };
        let declaration = &rest[..end];
        if let Some(open) = declaration.find('(') {
            let head = declaration[..open].trim();
            let name_start = head
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .map_or(0, |i| i + 1);
            let name = head[name_start..].to_string();
            let return_type = rust_type_of_c(&head[..name_start]);
            let close = declaration.rfind(')').unwrap_or(declaration.len());
            let arguments = split_top_level(&declaration[open + 1..close])
                .into_iter()
                .filter(|argument| argument != "void")
                .map(|argument| {
                    let name_start = argument
                        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .map_or(0, |i| i + 1);
                    (
                        argument[name_start..].to_string(),
                        rust_type_of_c(&argument[..name_start]),
                    )
                })
                .collect();
            signatures.insert(name, (arguments, return_type));
        }
        rest = &rest[end..];
    }
    signatures
}

fn rust_signatures(source: &str) -> Signatures {
    let normalize = |t: &str| {
        t.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace("core::ffi::", "")
            .replace("std::ffi::", "")
            .replace("std::os::raw::", "")
    };
    let mut signatures = Signatures::new();
    let mut rest = source;
    while let Some(start) = rest.find("pub fn tq_") {
        rest = &rest[start + "pub fn ".len()..];
        let open = rest.find('(').expect("(");
        let name = rest[..open].trim().to_string();
        // The argument list ends at the parenthesis that closes the first one.
        let mut depth = 0;
        let mut close = open;
        for (i, c) in rest[open..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        close = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let end = rest[close..].find(';').map(|i| close + i).expect(";");
        let return_type = rest[close + 1..end].trim().trim_start_matches("->").trim();
        let arguments = split_top_level(&rest[open + 1..close])
            .into_iter()
            .map(|argument| {
                let (name, ty) = argument.split_once(':').expect("name: type");
                (name.trim().to_string(), normalize(ty))
            })
            .collect();
        signatures.insert(name, (arguments, normalize(return_type)));
        rest = &rest[end..];
    }
    signatures
}

#[test]
fn declarations_match_the_header() {
    let header_path = env!("TOKQUAL_SYS_HEADER");
    let header = std::fs::read_to_string(header_path).expect("read the header");
    let source = concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs");
    let source = std::fs::read_to_string(source).expect("read src/lib.rs");
    let c = header_signatures(&header);
    let rust = rust_signatures(&source);
    assert!(
        c.len() >= 9 && rust.len() >= 9,
        "parsed too little: {} / {}",
        c.len(),
        rust.len()
    );

    let mut problems = Vec::new();
    for (name, c_signature) in &c {
        match rust.get(name) {
            None => problems.push(format!(
                "{name}: declared in the header, missing in tokqual-sys"
            )),
            Some(rust_signature) if rust_signature != c_signature => problems.push(format!(
                "{name}:\n      header {c_signature:?}\n      Rust   {rust_signature:?}"
            )),
            Some(_) => {}
        }
    }
    for name in rust.keys().filter(|name| !c.contains_key(*name)) {
        problems.push(format!(
            "{name}: declared in tokqual-sys, not in the header"
        ));
    }
    assert!(
        problems.is_empty(),
        "tokqual-sys differs from {header_path}:\n  {}",
        problems.join("\n  ")
    );
    println!("{} functions match", c.len());
}

#[test]
fn c_types_translate_as_documented() {
    assert_eq!(rust_type_of_c("const int64_t *"), "*const i64");
    assert_eq!(rust_type_of_c("double *"), "*mut f64");
    assert_eq!(rust_type_of_c("tq_inspector **"), "*mut *mut tq_inspector");
    assert_eq!(rust_type_of_c("const char **"), "*mut *const c_char");
    assert_eq!(rust_type_of_c("void"), "");
    assert_eq!(rust_type_of_c("const void *"), "*const c_void");
    assert_eq!(rust_type_of_c("size_t"), "usize");
}
