//! Finds the tokqual C library and its header, and compiles the layout probe.
//!
//! Where the library comes from:
//!   - `TOKQUAL_LIB_DIR`: the directory holding libtokqual.so (linked dynamically); the
//!     header is taken from `TOKQUAL_INCLUDE_DIR`, else `TOKQUAL_LIB_DIR/../include`.
//!   - otherwise pkg-config (`tokqual.pc`, version 0.x; set `PKG_CONFIG_PATH` for a
//!     prefix outside the system paths). `TOKQUAL_STATIC=1` links libtokqual.a and what
//!     its `Libs.private` / `Requires.private` name.
//!
//! The layout probe: a C file generated here from the header that is actually used,
//! listing sizeof / alignof / offsetof of every struct and field, every enum value and
//! every TQ_ macro value, compiled with the `cc` crate into this crate. The test
//! `tests/layout.rs` compares those numbers with the Rust declarations, so the two
//! cannot drift apart unnoticed.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    for var in ["TOKQUAL_LIB_DIR", "TOKQUAL_INCLUDE_DIR", "TOKQUAL_STATIC"] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    let include_dir = match env::var_os("TOKQUAL_LIB_DIR") {
        Some(lib_dir) => link_from_lib_dir(Path::new(&lib_dir)),
        None => link_with_pkg_config(),
    };
    let header = include_dir.join("tokqual").join("tokqual.h");
    if !header.is_file() {
        panic!(
            "tokqual-sys: {} not found; set TOKQUAL_INCLUDE_DIR to the directory that \
             holds tokqual/tokqual.h",
            header.display()
        );
    }
    println!("cargo:rerun-if-changed={}", header.display());
    // For tests (and for crates that depend on this one: DEP_TOKQUAL_INCLUDE).
    println!("cargo:rustc-env=TOKQUAL_SYS_HEADER={}", header.display());
    println!("cargo:include={}", include_dir.display());

    let text = fs::read_to_string(&header).expect("tokqual-sys: cannot read tokqual.h");
    let probe = layout_probe_source(&parse_header(&text));
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    let probe_path = out_dir.join("tokqual_sys_layout_probe.c");
    fs::write(&probe_path, probe).expect("tokqual-sys: cannot write the layout probe");
    cc::Build::new()
        .file(&probe_path)
        .include(&include_dir)
        .std("c11")
        .warnings(false)
        .compile("tokqual_sys_layout_probe");
}

/// Links libtokqual.so from `lib_dir`; returns the include directory.
fn link_from_lib_dir(lib_dir: &Path) -> PathBuf {
    println!("cargo:rustc-link-search=native={}", lib_dir.display());
    println!("cargo:rustc-link-lib=dylib=tokqual");
    match env::var_os("TOKQUAL_INCLUDE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => lib_dir.join("..").join("include"),
    }
}

/// Links tokqual as pkg-config describes it; returns the include directory.
fn link_with_pkg_config() -> PathBuf {
    // pkg-config reads TOKQUAL_STATIC itself (and PKG_CONFIG_ALL_STATIC).
    let library = match pkg_config::Config::new()
        .range_version("0.1".."1")
        .probe("tokqual")
    {
        Ok(library) => library,
        Err(error) => panic!(
            "tokqual-sys: cannot find the tokqual C library through pkg-config ({error}).\n\
             Install it (cmake --install <build> --prefix <dir>) and set \
             PKG_CONFIG_PATH=<dir>/lib/pkgconfig, or set TOKQUAL_LIB_DIR to the directory \
             that holds libtokqual.so."
        ),
    };
    if let Ok(dir) = env::var("TOKQUAL_INCLUDE_DIR") {
        return PathBuf::from(dir);
    }
    // pkg-config leaves out system include directories, where the header then lives.
    let mut candidates = library.include_paths.clone();
    candidates.extend(["/usr/local/include", "/usr/include"].map(PathBuf::from));
    candidates
        .into_iter()
        .find(|dir| dir.join("tokqual").join("tokqual.h").is_file())
        .unwrap_or_else(|| {
            panic!("tokqual-sys: pkg-config found tokqual but not tokqual/tokqual.h")
        })
}

/// What the layout probe lists, read from the header.
struct HeaderItems {
    structs: Vec<(String, Vec<String>)>, // name, field names (structs with a body)
    enums: Vec<(String, Vec<String>)>,   // name, enumerator names
    function_pointers: Vec<String>,      // typedef'd function pointer types
    numeric_macros: Vec<String>,
    string_macros: Vec<String>,
}

fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        match rest[start + 2..].find("*/") {
            Some(end) => {
                out.push(' ');
                rest = &rest[start + 2 + end + 2..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn identifiers(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|word| !word.is_empty() && !word.starts_with(|c: char| c.is_ascii_digit()))
        .collect()
}

/// The bodies of `typedef <kind> NAME { BODY } NAME;` blocks.
fn typedef_blocks(code: &str, kind: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let opening = format!("typedef {kind} ");
    let mut rest = code;
    while let Some(start) = rest.find(&opening) {
        rest = &rest[start + opening.len()..];
        let head_end = rest.find(['{', ';']).unwrap_or(rest.len());
        if !rest[head_end..].starts_with('{') {
            continue; // an opaque or plain typedef: no body
        }
        let name = rest[..head_end].trim().to_string();
        let body_end = rest[head_end..]
            .find('}')
            .map(|i| head_end + i)
            .unwrap_or(rest.len());
        blocks.push((name, rest[head_end + 1..body_end].to_string()));
        rest = &rest[body_end..];
    }
    blocks
}

fn parse_header(text: &str) -> HeaderItems {
    let code = strip_comments(text);
    let structs = typedef_blocks(&code, "struct")
        .into_iter()
        .map(|(name, body)| {
            let fields = body
                .split(';')
                .map(str::trim)
                .filter(|decl| !decl.is_empty())
                .filter_map(|decl| {
                    let name = match decl.find("(*") {
                        // A function pointer field: `ret (*name)(args)`.
                        Some(i) => identifiers(&decl[i + 2..]).first().copied(),
                        // `type name` or `type name[N]`.
                        None => identifiers(decl.split('[').next().unwrap_or(decl))
                            .last()
                            .copied(),
                    };
                    name.map(str::to_string)
                })
                .collect();
            (name, fields)
        })
        .collect();
    let enums = typedef_blocks(&code, "enum")
        .into_iter()
        .map(|(name, body)| {
            let values = body
                .split(',')
                .filter_map(|item| {
                    identifiers(item.split('=').next().unwrap_or(""))
                        .first()
                        .map(|s| s.to_string())
                })
                .collect();
            (name, values)
        })
        .collect();
    let mut function_pointers = Vec::new();
    let mut numeric_macros = Vec::new();
    let mut string_macros = Vec::new();
    for line in code.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("typedef ") {
            if let Some(i) = rest.find("(*") {
                if let Some(name) = identifiers(&rest[i + 2..]).first() {
                    function_pointers.push(name.to_string());
                }
            }
        }
        if let Some(rest) = line.strip_prefix("#define ") {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let value = rest[name.len()..].trim();
            if !name.starts_with("TQ_")
                || name == "TQ_API"
                || rest[name.len()..].starts_with('(')
                || value.is_empty()
            {
                continue;
            }
            if value.starts_with('"') {
                string_macros.push(name);
            } else {
                numeric_macros.push(name);
            }
        }
    }
    HeaderItems {
        structs,
        enums,
        function_pointers,
        numeric_macros,
        string_macros,
    }
}

fn layout_probe_source(items: &HeaderItems) -> String {
    let mut numbers = String::new();
    let mut add = |name: String, expression: String| {
        writeln!(numbers, "    {{\"{name}\", (long long)({expression})}},").unwrap();
    };
    for (name, fields) in &items.structs {
        add(format!("sizeof({name})"), format!("sizeof({name})"));
        add(format!("alignof({name})"), format!("_Alignof({name})"));
        for field in fields {
            add(
                format!("offsetof({name}, {field})"),
                format!("offsetof({name}, {field})"),
            );
            add(
                format!("sizeof({name}.{field})"),
                format!("sizeof((({name} *)0)->{field})"),
            );
        }
    }
    for (name, values) in &items.enums {
        add(format!("sizeof({name})"), format!("sizeof({name})"));
        for value in values {
            add(value.clone(), value.clone());
        }
    }
    for name in &items.function_pointers {
        add(format!("sizeof({name})"), format!("sizeof({name})"));
    }
    for name in &items.numeric_macros {
        add(name.clone(), name.clone());
    }
    let mut strings = String::new();
    for name in &items.string_macros {
        writeln!(strings, "    {{\"{name}\", {name}, sizeof({name}) - 1}},").unwrap();
    }
    format!(
        r#"/* Generated by tokqual-sys/build.rs from tokqual.h: the C side of tests/layout.rs. */
#include <stddef.h>
#include <tokqual/tokqual.h>

typedef struct {{ const char *name; long long value; }} tokqual_sys_number;
typedef struct {{ const char *name; const char *value; size_t size; }} tokqual_sys_string;

static const tokqual_sys_number numbers[] = {{
{numbers}    {{NULL, 0}}
}};
static const tokqual_sys_string strings[] = {{
{strings}    {{NULL, NULL, 0}}
}};

const tokqual_sys_number *tokqual_sys_layout_numbers(size_t *count) {{
    *count = sizeof numbers / sizeof numbers[0] - 1;
    return numbers;
}}
const tokqual_sys_string *tokqual_sys_layout_strings(size_t *count) {{
    *count = sizeof strings / sizeof strings[0] - 1;
    return strings;
}}
"#
    )
}
