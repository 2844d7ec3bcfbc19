use cryptotune_core::CoreError;
use napi::{Error, Status};

/// Core errors cross into JS as a generic failure whose message is a JSON envelope
/// `{code, message, row, column}`; `src/native.ts` turns it into a `CryptotuneError` subclass.
pub fn to_napi(e: CoreError) -> Error {
  let row = e.row.map(|r| r.to_string()).unwrap_or_else(|| "null".into());
  let column = match &e.column {
    Some(c) => json_string(c),
    None => "null".into(),
  };
  Error::new(
    Status::GenericFailure,
    format!(
      "CRYPTOTUNE_CORE_ERROR{{\"code\":{},\"message\":{},\"row\":{row},\"column\":{column}}}",
      json_string(e.code),
      json_string(&e.message)
    ),
  )
}

fn json_string(s: &str) -> String {
  let mut out = String::with_capacity(s.len() + 2);
  out.push('"');
  for c in s.chars() {
    match c {
      '"' => out.push_str("\\\""),
      '\\' => out.push_str("\\\\"),
      '\n' => out.push_str("\\n"),
      '\r' => out.push_str("\\r"),
      '\t' => out.push_str("\\t"),
      c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
      c => out.push(c),
    }
  }
  out.push('"');
  out
}

/// An argument the binding itself rejects (wrong option value), in the same envelope.
pub fn invalid(code: &'static str, message: impl Into<String>) -> Error {
  to_napi(CoreError::new(code, message))
}
