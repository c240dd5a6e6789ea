//! Fonts for every script a report may hold, and the glyphs none of them can draw.

/// Fonts for every script the reports may hold, as fallbacks after egui's own: DejaVu Sans
/// (Latin, Greek, Cyrillic, Hebrew, Arabic, arrows and symbols) and a CJK font, from the
/// system (Debian: fonts-dejavu-core, fonts-droid-fallback or fonts-noto-cjk).
pub fn install_fonts(ctx: &egui::Context) {
    const CANDIDATES: &[&str] = &[
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf",
        "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
        "C:\\Windows\\Fonts\\seguisym.ttf",
        "C:\\Windows\\Fonts\\msyh.ttc",
    ];
    let mut fonts = egui::FontDefinitions::default();
    for path in CANDIDATES {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let name = (*path).to_string();
        fonts.font_data.insert(
            name.clone(),
            std::sync::Arc::new(egui::FontData::from_owned(bytes)),
        );
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            fonts.families.entry(family).or_default().push(name.clone());
        }
    }
    ctx.set_fonts(fonts);
}

/// Characters drawn without a glyph of their own: controls, spaces, and the invisible
/// format characters (zero-width, direction marks and isolates, variation selectors, tags).
pub(crate) fn needs_glyph(c: char) -> bool {
    !(c.is_ascii()
        || c.is_control()
        || c.is_whitespace()
        || matches!(c as u32,
            0xAD | 0x034F | 0x061C | 0x180B..=0x180E | 0x200B..=0x200F | 0x202A..=0x202E
            | 0x2060..=0x206F | 0xFE00..=0xFE0F | 0xFEFF | 0xFFF9..=0xFFFB
            | 0xE0000..=0xE0FFF))
}

/// The distinct characters of `texts` that need a glyph, sorted.
pub fn drawn_chars<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<char> {
    let mut seen = std::collections::BTreeSet::new();
    for t in texts {
        seen.extend(t.chars().filter(|c| needs_glyph(*c)));
    }
    seen.into_iter().collect()
}

/// The characters of `chars` (sorted) that no font of the context can draw, system fonts
/// found on demand included. Looking up a missing character asks the system for a font,
/// so a 128-character block whose first character is missing is taken as missing whole:
/// a report in a script without any font costs one lookup, not thousands.
pub fn missing_glyphs(ctx: &egui::Context, chars: &[char]) -> Vec<char> {
    let font = egui::FontId::proportional(14.0);
    ctx.fonts_mut(|f| {
        let mut missing = Vec::new();
        let mut block_missing: Option<u32> = None;
        let mut block_seen: Option<u32> = None;
        for &c in chars {
            let block = c as u32 >> 7;
            if block_missing == Some(block) {
                missing.push(c);
                continue;
            }
            let first = block_seen != Some(block);
            block_seen = Some(block);
            if !f.has_glyph(&font, c) {
                if first {
                    block_missing = Some(block);
                }
                missing.push(c);
            }
        }
        missing
    })
}

/// What to tell the user about characters no font draws: how many, a few of them, their
/// scripts and the Debian package of a font that covers them.
pub fn missing_glyphs_note(missing: &[char]) -> String {
    // Scripts by block, with a font package that covers them (Debian names).
    const SCRIPTS: &[(u32, u32, &str, &str)] = &[
        (0x0370, 0x03FF, "Greek", "fonts-dejavu-core"),
        (0x0400, 0x052F, "Cyrillic", "fonts-dejavu-core"),
        (0x0530, 0x058F, "Armenian", "fonts-noto-core"),
        (0x0590, 0x05FF, "Hebrew", "fonts-dejavu-core"),
        (0x0600, 0x08FF, "Arabic", "fonts-noto-core"),
        (0x0900, 0x0DFF, "Indic", "fonts-noto-core"),
        (0x0E00, 0x0E7F, "Thai", "fonts-thai-tlwg"),
        (0x0E80, 0x0FFF, "Lao or Tibetan", "fonts-noto-core"),
        (0x1000, 0x109F, "Myanmar", "fonts-noto-core"),
        (0x10A0, 0x10FF, "Georgian", "fonts-dejavu-core"),
        (0x1100, 0x11FF, "Hangul", "fonts-noto-cjk"),
        (0x1200, 0x139F, "Ethiopic", "fonts-noto-core"),
        (0x1780, 0x17FF, "Khmer", "fonts-noto-core"),
        (0x2E80, 0x9FFF, "CJK", "fonts-noto-cjk"),
        (0xAC00, 0xD7AF, "Hangul", "fonts-noto-cjk"),
        (0xF900, 0xFAFF, "CJK", "fonts-noto-cjk"),
        (0xFB1D, 0xFB4F, "Hebrew", "fonts-dejavu-core"),
        (0xFB50, 0xFEFF, "Arabic", "fonts-noto-core"),
        (0xFF00, 0xFFEF, "CJK", "fonts-noto-cjk"),
        (0x1F000, 0x1FAFF, "emoji", "fonts-noto-color-emoji"),
        (0x20000, 0x3FFFF, "CJK", "fonts-noto-cjk"),
    ];
    let mut scripts: Vec<&str> = Vec::new();
    let mut packages: Vec<&str> = Vec::new();
    for &c in missing {
        let (script, package) = SCRIPTS
            .iter()
            .find(|(lo, hi, _, _)| (*lo..=*hi).contains(&(c as u32)))
            .map_or(("other", "fonts-noto-core"), |s| (s.2, s.3));
        if !scripts.contains(&script) {
            scripts.push(script);
        }
        if !packages.contains(&package) {
            packages.push(package);
        }
    }
    let shown: Vec<String> = missing
        .iter()
        .take(8)
        .map(|c| format!("{c} U+{:04X}", *c as u32))
        .collect();
    format!(
        "No installed font draws {} character{} of this report ({}: {}{}); they show as boxes. \
         Install a font that covers them (Debian: {}) and restart mtqa.",
        missing.len(),
        if missing.len() == 1 { "" } else { "s" },
        scripts.join(", "),
        shown.join(", "),
        if missing.len() > shown.len() {
            ", …"
        } else {
            ""
        },
        packages.join(", ")
    )
}
