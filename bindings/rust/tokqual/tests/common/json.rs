//! A small JSON reader for the conformance data (the crate has no dependencies; this
//! is all the tests need). Numbers are parsed with Rust's correctly rounded `f64`
//! parser, so Python's shortest round-trip output comes back bit for bit.

// Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(BTreeMap<String, Json>),
}

impl Json {
    pub fn parse(text: &str) -> Json {
        let mut parser = Parser {
            bytes: text.as_bytes(),
            at: 0,
        };
        let value = parser.value();
        parser.skip_space();
        assert_eq!(
            parser.at,
            parser.bytes.len(),
            "trailing characters after the JSON value"
        );
        value
    }

    /// `self[key]`; panics (failing the test) when absent.
    pub fn get(&self, key: &str) -> &Json {
        self.opt(key).unwrap_or_else(|| panic!("no key {key:?}"))
    }

    pub fn opt(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(map) => map.get(key),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    pub fn array(&self) -> &[Json] {
        match self {
            Json::Array(items) => items,
            other => panic!("not an array: {other:?}"),
        }
    }

    /// A number; also "inf", "-inf" and "nan" (how the data files write special values).
    pub fn f64(&self) -> f64 {
        match self {
            Json::Number(n) => *n,
            Json::String(s) if s == "inf" => f64::INFINITY,
            Json::String(s) if s == "-inf" => f64::NEG_INFINITY,
            Json::String(s) if s == "nan" => f64::NAN,
            other => panic!("not a number: {other:?}"),
        }
    }

    /// An integer; those beyond 2^53 are written as decimal strings (a JSON number is
    /// read as an f64 here).
    pub fn i64(&self) -> i64 {
        if let Json::String(s) = self {
            return s
                .parse()
                .unwrap_or_else(|_| panic!("not an integer: {s:?}"));
        }
        let n = self.f64();
        assert_eq!(n, n.trunc(), "not an integer: {n}");
        assert!(
            n.abs() <= 2f64.powi(53),
            "integer {n} beyond 2^53 must be a string"
        );
        n as i64
    }

    /// An unsigned integer (size_t arguments), possibly a decimal string.
    pub fn u64(&self) -> u64 {
        match self {
            Json::String(s) => s.parse().unwrap_or_else(|_| panic!("not a u64: {s:?}")),
            _ => u64::try_from(self.i64()).expect("negative u64"),
        }
    }

    pub fn bool(&self) -> bool {
        match self {
            Json::Bool(b) => *b,
            other => panic!("not a bool: {other:?}"),
        }
    }

    pub fn str(&self) -> &str {
        match self {
            Json::String(s) => s,
            other => panic!("not a string: {other:?}"),
        }
    }

    pub fn f64s(&self) -> Vec<f64> {
        self.array().iter().map(Json::f64).collect()
    }

    pub fn i64s(&self) -> Vec<i64> {
        self.array().iter().map(Json::i64).collect()
    }

    pub fn i32s(&self) -> Vec<i32> {
        self.array().iter().map(|v| v.i64() as i32).collect()
    }
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn skip_space(&mut self) {
        while self.at < self.bytes.len() && self.bytes[self.at].is_ascii_whitespace() {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) {
        self.skip_space();
        assert_eq!(
            self.bytes.get(self.at),
            Some(&byte),
            "expected {:?} at {}",
            byte as char,
            self.at
        );
        self.at += 1;
    }

    fn value(&mut self) -> Json {
        self.skip_space();
        match self.bytes.get(self.at) {
            Some(b'{') => {
                self.at += 1;
                let mut map = BTreeMap::new();
                self.skip_space();
                if self.bytes[self.at] == b'}' {
                    self.at += 1;
                    return Json::Object(map);
                }
                loop {
                    self.skip_space();
                    let key = self.string();
                    self.expect(b':');
                    map.insert(key, self.value());
                    self.skip_space();
                    self.at += 1;
                    match self.bytes[self.at - 1] {
                        b',' => continue,
                        b'}' => return Json::Object(map),
                        other => panic!("unexpected {:?} in an object", other as char),
                    }
                }
            }
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                self.skip_space();
                if self.bytes[self.at] == b']' {
                    self.at += 1;
                    return Json::Array(items);
                }
                loop {
                    items.push(self.value());
                    self.skip_space();
                    self.at += 1;
                    match self.bytes[self.at - 1] {
                        b',' => continue,
                        b']' => return Json::Array(items),
                        other => panic!("unexpected {:?} in an array", other as char),
                    }
                }
            }
            Some(b'"') => Json::String(self.string()),
            Some(b't') => self.word("true", Json::Bool(true)),
            Some(b'f') => self.word("false", Json::Bool(false)),
            Some(b'n') => self.word("null", Json::Null),
            Some(b'N') => self.word("NaN", Json::Number(f64::NAN)),
            Some(b'I') => self.word("Infinity", Json::Number(f64::INFINITY)),
            _ => self.number(),
        }
    }

    fn word(&mut self, word: &str, value: Json) -> Json {
        assert!(
            self.bytes[self.at..].starts_with(word.as_bytes()),
            "bad literal at {}",
            self.at
        );
        self.at += word.len();
        value
    }

    fn number(&mut self) -> Json {
        let start = self.at;
        if self.bytes[self.at..].starts_with(b"-Infinity") {
            self.at += "-Infinity".len();
            return Json::Number(f64::NEG_INFINITY);
        }
        while self.at < self.bytes.len()
            && matches!(
                self.bytes[self.at],
                b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'
            )
        {
            self.at += 1;
        }
        let text = std::str::from_utf8(&self.bytes[start..self.at]).unwrap();
        Json::Number(
            text.parse()
                .unwrap_or_else(|_| panic!("bad number {text:?} at {start}")),
        )
    }

    fn string(&mut self) -> String {
        self.expect(b'"');
        let mut out = String::new();
        loop {
            let start = self.at;
            while self.bytes[self.at] != b'"' && self.bytes[self.at] != b'\\' {
                self.at += 1;
            }
            out.push_str(std::str::from_utf8(&self.bytes[start..self.at]).unwrap());
            let byte = self.bytes[self.at];
            self.at += 1;
            if byte == b'"' {
                return out;
            }
            let escape = self.bytes[self.at];
            self.at += 1;
            match escape {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => {
                    let mut code = self.hex4();
                    if (0xD800..0xDC00).contains(&code) && self.bytes[self.at..].starts_with(b"\\u")
                    {
                        self.at += 2;
                        let low = self.hex4();
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                    }
                    out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                }
                other => panic!("bad escape \\{}", other as char),
            }
        }
    }

    fn hex4(&mut self) -> u32 {
        let text = std::str::from_utf8(&self.bytes[self.at..self.at + 4]).unwrap();
        self.at += 4;
        u32::from_str_radix(text, 16).unwrap()
    }
}
