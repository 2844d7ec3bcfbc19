//! Opening a source: a path or bytes, gzip detected by its magic number, not by the file name.
//! Whole reads inflate in one call (libdeflate); streams inflate piece by piece (flate2).

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;

use super::inflate::inflate_single_member;
use crate::error::{CoreError, CoreResult};

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// A readable source plus what the error mapper needs to know about it.
pub struct Source {
  pub reader: Box<dyn Read + Send>,
  pub gzip: bool,
  pub label: String,
  /// Bytes of CSV text when known before reading (a whole read), to size the columns once.
  pub text_len: Option<usize>,
}

fn sniff<R: Read + Send + 'static>(mut inner: R, label: String) -> CoreResult<Source> {
  let mut head = [0u8; 2];
  let mut got = 0;
  while got < 2 {
    let n = inner.read(&mut head[got..]).map_err(|e| io_error(&label, e, false))?;
    if n == 0 {
      break;
    }
    got += n;
  }
  let prefix = std::io::Cursor::new(head[..got].to_vec());
  let chained = prefix.chain(inner);
  if got == 2 && head == GZIP_MAGIC {
    // 256 KiB keeps the inflater fed in large blocks; the CSV reader adds its own buffer.
    let dec = MultiGzDecoder::new(BufReader::with_capacity(1 << 18, chained));
    Ok(Source { reader: Box::new(dec), gzip: true, label, text_len: None })
  } else {
    Ok(Source { reader: Box::new(chained), gzip: false, label, text_len: None })
  }
}

fn open_file(path: &Path, label: &str) -> CoreResult<File> {
  File::open(path).map_err(|e| {
    let code = if e.kind() == std::io::ErrorKind::NotFound { "ERR_DATA_FILE_NOT_FOUND" } else { "ERR_DATA_IO" };
    CoreError::new(code, format!("cannot open {label}: {e}"))
  })
}

/// Open a file for streaming: it is read and inflated piece by piece, never held whole.
pub fn open_path_streaming(path: &Path) -> CoreResult<Source> {
  let label = path.display().to_string();
  sniff(open_file(path, &label)?, label)
}

/// Open a file that is parsed whole: it is read at once and a gzip file inflated in one call.
pub fn open_path(path: &Path) -> CoreResult<Source> {
  let label = path.display().to_string();
  let mut bytes = Vec::new();
  open_file(path, &label)?.read_to_end(&mut bytes).map_err(|e| io_error(&label, e, false))?;
  open_bytes(bytes, &label)
}

/// Open bytes held in memory; a single-member gzip is inflated in one call, anything else
/// (several members, damage) goes through the streaming decoder and its errors.
pub fn open_bytes(bytes: Vec<u8>, label: &str) -> CoreResult<Source> {
  if bytes.starts_with(&GZIP_MAGIC) {
    if let Some(text) = inflate_single_member(&bytes) {
      let text_len = Some(text.len());
      return Ok(Source { reader: Box::new(std::io::Cursor::new(text)), gzip: true, label: label.to_string(), text_len });
    }
    return sniff(std::io::Cursor::new(bytes), label.to_string());
  }
  let text_len = Some(bytes.len());
  Ok(Source { text_len, ..sniff(std::io::Cursor::new(bytes), label.to_string())? })
}

/// Map a read failure to a coded error; in a gzip stream every read error means a damaged file.
pub fn io_error(label: &str, e: std::io::Error, gzip: bool) -> CoreError {
  if gzip {
    CoreError::new(
      "ERR_DATA_GZIP_CORRUPT",
      format!("{label} is a truncated or corrupt gzip file ({e}); download or re-compress it"),
    )
  } else {
    CoreError::new("ERR_DATA_IO", format!("reading {label} failed: {e}"))
  }
}
