//! Real QR codes for the embedded API, in the encodings it serves.

use std::io::Cursor;

use image::{ImageFormat, Luma};
use qrcode::QrCode;
use qrcode::render::svg;

/// Pixels per QR module in the PNG.
const MODULE_PIXELS: u32 = 8;

/// Why a QR could not be made.
#[derive(Debug, thiserror::Error)]
pub enum QrError {
    /// The payload does not fit in a QR code.
    #[error("payload does not fit in a QR code: {0}")]
    Encode(#[from] qrcode::types::QrError),
    /// PNG encoding failed.
    #[error("PNG encoding failed: {0}")]
    Png(#[from] image::ImageError),
}

/// The QR of `payload` as an SVG document.
pub fn svg(payload: &str) -> Result<String, QrError> {
    let code = QrCode::new(payload.as_bytes())?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(256, 256)
        .build())
}

/// The QR of `payload` as PNG bytes.
pub fn png(payload: &str) -> Result<Vec<u8>, QrError> {
    let code = QrCode::new(payload.as_bytes())?;
    let image = code
        .render::<Luma<u8>>()
        .module_dimensions(MODULE_PIXELS, MODULE_PIXELS)
        .build();
    let mut bytes = Vec::new();
    image.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)?;
    Ok(bytes)
}
