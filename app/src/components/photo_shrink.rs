//! A photo picked on a tablet is made smaller on the device before it is sent or kept
//! offline: at most `LONG_SIDE` pixels on its long side, as a JPEG. A camera's 12-megapixel
//! photo of 4–8 MB (over the 5 MB the server takes) becomes a few hundred kilobytes, which a
//! slow link sends and a device keeps. A PDF, a photo already small, or one the browser
//! cannot read goes as it is, and the server's own limits still hold.

use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, CanvasRenderingContext2d, DataTransfer, File, FilePropertyBag, HtmlCanvasElement,
    HtmlInputElement, ImageBitmap,
};

/// The long side of a photo as sent, in pixels: a page of a document stays legible.
pub const LONG_SIDE: u32 = 2048;
/// A photo at most this large, within `LONG_SIDE`, goes as it is.
const SMALL_BYTES: f64 = 1_500_000.0;
const QUALITY: f64 = 0.85;

/// The name of the photo once it is a JPEG: `IMG_0042.PNG` → `IMG_0042.jpg`.
pub fn jpeg_name(name: &str) -> String {
    let stem = match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    };
    format!("{stem}.jpg")
}

/// The size that fits `width` × `height` within `LONG_SIDE`, its proportions kept.
pub fn fitted(width: u32, height: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= LONG_SIDE {
        return (width, height);
    }
    let scale = f64::from(LONG_SIDE) / f64::from(long);
    let side = |n: u32| ((f64::from(n) * scale).round() as u32).max(1);
    (side(width), side(height))
}

/// Replaces the photo picked in `input` by a smaller one, when that makes it smaller.
pub async fn shrink(input: &HtmlInputElement) -> Result<(), JsValue> {
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return Ok(());
    };
    if !matches!(file.type_().as_str(), "image/jpeg" | "image/png") {
        return Ok(());
    }
    let window = web_sys::window().ok_or("no window")?;
    let bitmap: ImageBitmap = JsFuture::from(window.create_image_bitmap_with_blob(&file)?)
        .await?
        .dyn_into()?;
    let (width, height) = (bitmap.width(), bitmap.height());
    if width.max(height) <= LONG_SIDE && file.size() <= SMALL_BYTES {
        return Ok(());
    }
    let (w, h) = fitted(width, height);
    let document = window.document().ok_or("no document")?;
    let canvas: HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
    canvas.set_width(w);
    canvas.set_height(h);
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or("no 2d context")?
        .dyn_into()?;
    // A PNG's transparent parts become white, not black.
    context.set_fill_style_str("#fff");
    context.fill_rect(0.0, 0.0, f64::from(w), f64::from(h));
    context.draw_image_with_image_bitmap_and_dw_and_dh(
        &bitmap,
        0.0,
        0.0,
        f64::from(w),
        f64::from(h),
    )?;
    bitmap.close();
    let encoded = js_sys::Promise::new(&mut |resolve, reject| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        if let Err(error) = canvas.to_blob_with_type_and_encoder_options(
            done.unchecked_ref(),
            "image/jpeg",
            &JsValue::from_f64(QUALITY),
        ) {
            let _ = reject.call1(&JsValue::NULL, &error);
        }
    });
    let blob: Blob = JsFuture::from(encoded).await?.dyn_into()?;
    // Not smaller, or another photo was picked meanwhile: the input keeps what it holds.
    let still_picked = input
        .files()
        .and_then(|files| files.get(0))
        .is_some_and(|now| js_sys::Object::is(&now, &file));
    if blob.size() >= file.size() || !still_picked {
        return Ok(());
    }
    let options = FilePropertyBag::new();
    options.set_type("image/jpeg");
    let smaller = File::new_with_blob_sequence_and_options(
        &js_sys::Array::of1(&blob),
        &jpeg_name(&file.name()),
        &options,
    )?;
    let transfer = DataTransfer::new()?;
    transfer.items().add_with_file(&smaller)?;
    input.set_files(transfer.files().as_ref());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_fits_its_long_side_with_its_proportions() {
        assert_eq!(fitted(4000, 3000), (2048, 1536));
        assert_eq!(fitted(3000, 4000), (1536, 2048));
        assert_eq!(fitted(2048, 100), (2048, 100));
        assert_eq!(fitted(1200, 900), (1200, 900));
        assert_eq!(fitted(100_000, 1), (2048, 1));
    }

    #[test]
    fn a_shrunk_photo_is_named_as_a_jpeg() {
        assert_eq!(jpeg_name("IMG_0042.PNG"), "IMG_0042.jpg");
        assert_eq!(jpeg_name("ảnh.hiện.trường.jpeg"), "ảnh.hiện.trường.jpg");
        assert_eq!(jpeg_name("không-đuôi"), "không-đuôi.jpg");
        assert_eq!(jpeg_name(".png"), ".png.jpg");
    }
}
