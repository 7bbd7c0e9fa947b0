//! A visit's report as a Word file (Office Open XML): the three parts a `.docx` needs, A4
//! with the margins of Vietnamese administrative documents, Times New Roman 13 pt. Every
//! text is escaped, and characters XML cannot hold are left out.

use super::report::Report;
use std::io::Write;
use zip::{CompressionMethod, ZipWriter, write::SimpleFileOptions};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELATIONSHIPS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// `text` as XML character data: escaped, without the characters XML 1.0 forbids.
fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[derive(Clone, Copy)]
struct Style {
    bold: bool,
    italic: bool,
    /// `both` (justified), `center` or `right`.
    align: &'static str,
    /// Half-points.
    size: u32,
}

const BODY: Style = Style {
    bold: false,
    italic: false,
    align: "both",
    size: 26,
};

fn paragraph(out: &mut String, text: &str, style: Style) {
    out.push_str(&format!(
        "<w:p><w:pPr><w:spacing w:after=\"120\"/><w:jc w:val=\"{}\"/>",
        style.align
    ));
    out.push_str("</w:pPr><w:r><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/>");
    if style.bold {
        out.push_str("<w:b/>");
    }
    if style.italic {
        out.push_str("<w:i/>");
    }
    out.push_str(&format!(
        "<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/></w:rPr><w:t xml:space=\"preserve\">{1}</w:t></w:r></w:p>",
        style.size,
        xml_text(text)
    ));
}

/// The signatures side by side, in a table without borders: each role, the hint under it,
/// room to sign, then the name.
fn signatures(out: &mut String, report: &Report) {
    let width = 9071 / report.signatures.len().max(1);
    out.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>");
    for _ in &report.signatures {
        out.push_str(&format!("<w:gridCol w:w=\"{width}\"/>"));
    }
    out.push_str("</w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>");
    let centred = Style {
        align: "center",
        ..BODY
    };
    for signature in &report.signatures {
        out.push_str(&format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr>"
        ));
        let bold = Style {
            bold: true,
            ..centred
        };
        paragraph(out, &signature.role, bold);
        paragraph(
            out,
            &report.sign_hint,
            Style {
                italic: true,
                ..centred
            },
        );
        for _ in 0..3 {
            paragraph(out, "", centred);
        }
        paragraph(out, &signature.name, bold);
        out.push_str("</w:tc>");
    }
    out.push_str("</w:tr></w:tbl>");
}

/// The body of `word/document.xml`.
fn document(report: &Report) -> String {
    let mut body = String::new();
    let centred = |bold, size| Style {
        bold,
        align: "center",
        size,
        ..BODY
    };
    if let Some(demo) = &report.demo {
        paragraph(&mut body, demo, Style { bold: true, ..BODY });
    }
    paragraph(&mut body, &report.nation, centred(true, 26));
    paragraph(&mut body, &report.motto, centred(true, 28));
    paragraph(&mut body, &report.kind, centred(true, 28));
    paragraph(&mut body, &report.title, centred(true, 26));
    for fact in &report.facts {
        paragraph(&mut body, fact, BODY);
    }
    for section in &report.sections {
        if section.paragraphs.is_empty() {
            continue;
        }
        paragraph(&mut body, &section.heading, Style { bold: true, ..BODY });
        for (i, text) in section.paragraphs.iter().enumerate() {
            let text = if section.numbered {
                format!("{}. {text}", i + 1)
            } else {
                format!("- {text}")
            };
            paragraph(&mut body, &text, BODY);
        }
    }
    let place_date = Style {
        italic: true,
        align: "right",
        ..BODY
    };
    paragraph(&mut body, &report.place_date, place_date);
    signatures(&mut body, report);
    paragraph(&mut body, &report.as_of, BODY);
    paragraph(&mut body, &report.note, BODY);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    )
}

/// The report as the bytes of a `.docx` file.
pub fn docx(report: &Report) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, text) in [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", RELATIONSHIPS.to_owned()),
        ("word/document.xml", document(report)),
    ] {
        zip.start_file(name, options)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_what_xml_cannot_hold_is_left_out() {
        assert_eq!(
            xml_text("a < b & </w:t><w:t>\"x\"\u{1}\u{FFFF}ở\nxã"),
            "a &lt; b &amp; &lt;/w:t&gt;&lt;w:t&gt;&quot;x&quot;ở xã"
        );
    }
}
