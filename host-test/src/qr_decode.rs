//! Reading a QR code back out of an image, to check what the node produced.

/// Why no QR payload could be read.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    /// The bytes are not a readable image.
    #[error("not a readable image: {0}")]
    Image(#[from] image::ImageError),
    /// No QR code, or more than one, was found.
    #[error("expected one QR code in the image, found {0}")]
    Count(usize),
    /// The QR code was found but could not be decoded.
    #[error("the QR code could not be decoded: {0}")]
    Decode(#[from] rqrr::DeQRError),
}

/// The payload of the one QR code in a grey image.
pub fn decode_gray(image: image::GrayImage) -> Result<String, DecodeError> {
    let mut prepared = rqrr::PreparedImage::prepare(image);
    let grids = prepared.detect_grids();
    match grids.as_slice() {
        [grid] => Ok(grid.decode()?.1),
        other => Err(DecodeError::Count(other.len())),
    }
}

/// The payload of the one QR code in PNG (or other raster) `bytes`.
pub fn decode_image(bytes: &[u8]) -> Result<String, DecodeError> {
    decode_gray(image::load_from_memory(bytes)?.to_luma8())
}
