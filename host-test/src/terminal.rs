//! A QR code drawn in a terminal, black on white whatever the terminal's
//! colours, two modules per character cell (upper half block `▀`).

use qrcode::{Color, QrCode};

/// Light modules around the code, as the QR standard asks.
const QUIET_ZONE: usize = 4;

/// ANSI colour codes: foreground black / bright white, background black / bright white.
const FG: [&str; 2] = ["97", "30"];
const BG: [&str; 2] = ["107", "40"];

/// The QR of `payload`, as lines of ANSI-coloured half blocks.
pub fn render(payload: &str) -> Result<String, qrcode::types::QrError> {
    let code = QrCode::new(payload.as_bytes())?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET_ZONE;
    let dark = |x: usize, y: usize| -> usize {
        let inside = |v: usize| v >= QUIET_ZONE && v < QUIET_ZONE + width;
        usize::from(
            inside(x)
                && inside(y)
                && colors[(y - QUIET_ZONE) * width + (x - QUIET_ZONE)] == Color::Dark,
        )
    };
    let mut out = String::new();
    for y in (0..size).step_by(2) {
        for x in 0..size {
            let top = dark(x, y);
            let bottom = if y + 1 < size { dark(x, y + 1) } else { 0 };
            out.push_str(&format!("\x1b[{};{}m▀", FG[top], BG[bottom]));
        }
        out.push_str("\x1b[0m\n");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads the module grid back out of the drawing.
    fn grid(drawing: &str) -> Vec<Vec<bool>> {
        let mut rows = Vec::new();
        for line in drawing.lines() {
            let (mut top, mut bottom) = (Vec::new(), Vec::new());
            for cell in line.split("\x1b[").filter(|c| c.ends_with('▀')) {
                let codes = cell.trim_end_matches('▀').trim_end_matches('m');
                let (fg, bg) = codes.split_once(';').unwrap();
                top.push(fg == FG[1]);
                bottom.push(bg == BG[1]);
            }
            rows.push(top);
            rows.push(bottom);
        }
        rows
    }

    #[test]
    fn the_drawing_decodes_back_to_the_payload() {
        let payload = "2@sparkbot-mock/61b37a069cba0c15d6c81e7b/3";
        let g = grid(&render(payload).unwrap());
        let size = g[0].len();
        let scale = 4;
        let image =
            image::GrayImage::from_fn((size * scale) as u32, (size * scale) as u32, |x, y| {
                let dark = g
                    .get(y as usize / scale)
                    .and_then(|r| r.get(x as usize / scale))
                    == Some(&true);
                image::Luma([if dark { 0 } else { 255 }])
            });
        let mut prepared = rqrr::PreparedImage::prepare(image);
        let grids = prepared.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, content) = grids[0].decode().unwrap();
        assert_eq!(content, payload);
    }
}
